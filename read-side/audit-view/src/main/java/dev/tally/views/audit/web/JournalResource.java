package dev.tally.views.audit.web;

import dev.tally.platform.params.Parameters;
import dev.tally.projection.ReadYourWrites;
import dev.tally.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The journal of every event, in global position order, paged by position. */
@Path("/journal")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.AUDITOR, Roles.ADMIN})
public class JournalResource {

    static final int MAX_LIMIT = 1000;

    private final AuditReads reads;
    private final ReadYourWrites readYourWrites;

    JournalResource(AuditReads reads, ReadYourWrites readYourWrites) {
        this.reads = reads;
        this.readYourWrites = readYourWrites;
    }

    /**
     * Events with position greater than {@code after}, ascending, up to {@code limit} (1..1000, default 100), never
     * beyond the view's frontier. Follow {@code nextAfter} for the next page.
     */
    @GET
    public Uni<JournalPage> journal(@QueryParam("after") String after, @QueryParam("limit") String limit,
            @QueryParam("minPosition") String minPosition) {
        long afterPosition = Parameters.wholeNumber("after", after, 0, 0, Long.MAX_VALUE);
        int pageSize = Parameters.limit(limit, 100, MAX_LIMIT);
        Long awaited = Parameters.minPosition(minPosition);
        return readYourWrites.await(awaited)
                .chain(() -> reads.journal(afterPosition, pageSize, readYourWrites.frontier()));
    }
}
