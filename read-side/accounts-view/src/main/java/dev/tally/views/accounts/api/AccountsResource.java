package dev.tally.views.accounts.api;

import dev.tally.platform.params.Parameters;
import dev.tally.platform.security.Caller;
import dev.tally.platform.security.Roles;
import dev.tally.views.accounts.live.AccountUpdates;
import dev.tally.views.accounts.live.LiveStreams;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * An account holder's accounts: current state, statement and live updates. Every query takes the optional
 * {@code minPosition} a command answer carried and answers only once the view has applied it (503 if it does not
 * within the read-your-writes timeout). A customer sees only their own accounts: another owner's account answers the
 * same 404 as one that does not exist; admin sees every account.
 */
@Path("/accounts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CUSTOMER, Roles.ADMIN})
public class AccountsResource {

    private static final int DEFAULT_PAGE_SIZE = 50;
    private static final int MAX_PAGE_SIZE = 200;

    private static final String MIN_POSITION = "Answer only once the view has applied the ledger up to this global"
            + " position (the 'position' of a command answer)";

    private final Freshness freshness;
    private final AccountReads reads;
    private final AccountUpdates updates;
    private final LiveStreams liveStreams;

    AccountsResource(Freshness freshness, AccountReads reads, AccountUpdates updates, LiveStreams liveStreams) {
        this.freshness = freshness;
        this.reads = reads;
        this.updates = updates;
        this.liveStreams = liveStreams;
    }

    @GET
    @Path("/{accountId}")
    @Operation(summary = "An account's current state", description = "404 when the view knows no such account")
    public Uni<AccountView> account(@PathParam("accountId") String accountId,
            @Parameter(description = MIN_POSITION, schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
            @QueryParam("minPosition") String minPosition, @Context SecurityContext security) {
        String id = Parameters.accountId(accountId);
        Long min = Parameters.minPosition(minPosition);
        String owner = ownerScope(security);
        // The query (a pooled connection) runs only after the wait: waiting queries must not hold the
        // connections the projection needs to reach their position.
        return freshness.await(min).chain(() -> reads.visible(id, owner));
    }

    @GET
    @Path("/{accountId}/statement")
    @Operation(summary = "A page of an account's statement, newest line first")
    public Uni<StatementPage> statement(@PathParam("accountId") String accountId,
            @Parameter(description = "Page number, from 0",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0"))
            @QueryParam("page") String page,
            @Parameter(description = "Lines per page",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50"))
            @QueryParam("size") String size,
            @Parameter(description = MIN_POSITION, schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
            @QueryParam("minPosition") String minPosition, @Context SecurityContext security) {
        String id = Parameters.accountId(accountId);
        int pageIndex = Parameters.page(page);
        int pageSize = Parameters.size(size, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
        Parameters.requireReachable(pageIndex, pageSize);
        Long min = Parameters.minPosition(minPosition);
        String owner = ownerScope(security);
        return freshness.await(min).chain(() -> reads.visible(id, owner)).chain(account -> Panache.withSession(() ->
                StatementEntryEntity.count("accountId", id)
                .chain(total -> StatementEntryEntity
                        .<StatementEntryEntity>find("accountId", Sort.descending("version"), id)
                        .page(Page.of(pageIndex, pageSize))
                        .list()
                        .map(lines -> new StatementPage(id, pageIndex, pageSize, total,
                                lines.stream().map(StatementPage.Entry::of).toList())))));
    }

    @GET
    @Path("/{accountId}/live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @LiveAccountCheck.ExistingAccount
    @Operation(summary = "The account's state as server-sent events: the current state, then one event per change",
            description = "404 when the view knows no such account; minPosition is awaited before the stream starts")
    public Multi<AccountView> live(@PathParam("accountId") String accountId,
            @Parameter(description = MIN_POSITION, schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
            @QueryParam("minPosition") String minPosition, @Context SecurityContext security) {
        String id = Parameters.accountId(accountId);
        String owner = ownerScope(security);
        return liveStreams.counted(Multi.createFrom().deferred(() -> {
            // Subscribed to changes before the current state is read, so nothing falls in between; a state at or
            // below the version already sent (the current one, or an update that raced the read) is not sent again.
            AtomicLong sentVersion = new AtomicLong();
            Multi<AccountView> current = reads.visible(id, owner).toMulti();
            Multi<AccountView> changes = updates.of(id).map(AccountView::of);
            return Multi.createBy().merging().streams(current, changes)
                    .select().where(view -> advance(sentVersion, view.version()));
        }));
    }

    /** Null for admin (every account), else the customer's own owner id. */
    static String ownerScope(SecurityContext security) {
        return Caller.of(security).ownerScope(Roles.ADMIN);
    }

    private static boolean advance(AtomicLong sentVersion, long version) {
        long sent = sentVersion.get();
        while (version > sent) {
            if (sentVersion.compareAndSet(sent, version)) {
                return true;
            }
            sent = sentVersion.get();
        }
        return false;
    }
}
