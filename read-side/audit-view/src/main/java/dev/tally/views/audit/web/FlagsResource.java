package dev.tally.views.audit.web;

import dev.tally.platform.params.Parameters;
import dev.tally.projection.ReadYourWrites;
import dev.tally.views.audit.fold.FlagKind;
import dev.tally.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Flags raised for compliance, filtered by account and kind, ascending by position. */
@Path("/flags")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.AUDITOR, Roles.ADMIN})
public class FlagsResource {

    static final int MAX_SIZE = 500;

    private final AuditReads reads;
    private final ReadYourWrites readYourWrites;

    FlagsResource(AuditReads reads, ReadYourWrites readYourWrites) {
        this.reads = reads;
        this.readYourWrites = readYourWrites;
    }

    /**
     * @param account optional account id (UUID)
     * @param kind    optional LARGE_AMOUNT or RAPID_BURST
     * @param page    0-based page number, default 0
     * @param size    1..500, default 50
     */
    @GET
    public Uni<FlagsPage> flags(@QueryParam("account") String account, @QueryParam("kind") String kind,
            @QueryParam("page") String page, @QueryParam("size") String size,
            @QueryParam("minPosition") String minPosition) {
        String accountId = account == null || account.isBlank() ? null : Parameters.accountId(account);
        FlagKind flagKind = QueryParams.flagKind(kind);
        int pageNumber = Parameters.page(page, 1_000_000);
        int pageSize = Parameters.size(size, 50, MAX_SIZE);
        Long awaited = Parameters.minPosition(minPosition);
        return readYourWrites.await(awaited)
                .chain(() -> reads.flags(accountId, flagKind, pageNumber, pageSize, readYourWrites.frontier()));
    }
}
