package dev.tally.ledger.api;

import dev.tally.eventstore.EventStore;
import dev.tally.eventstore.RecordedEvent;
import dev.tally.platform.security.Roles;
import dev.tally.platform.problem.Problem;
import dev.tally.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** An account's stream as stored, for support and audit: the source of truth, not a view. */
@Path("/accounts/{id}/events")
@RolesAllowed({Roles.AUDITOR, Roles.ADMIN})
public class AccountEventsResource {

    private static final int MAX_PAGE = 1000;

    private final EventStore store;

    AccountEventsResource(EventStore store) {
        this.store = store;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The account's events in stream order, paged by stream version")
    public Uni<Response> events(@PathParam("id") String id,
                                @QueryParam("fromVersion") @DefaultValue("1") long fromVersion,
                                @QueryParam("limit") @DefaultValue("100") int limit) {
        String accountId = CommandHeaders.accountId(id);
        if (fromVersion < 1 || limit < 1 || limit > MAX_PAGE) {
            throw new ProblemException(Problem.of(Response.Status.BAD_REQUEST, "invalid-page",
                    "fromVersion must be at least 1 and limit between 1 and " + MAX_PAGE));
        }
        return store.streamVersion(accountId).chain(version -> {
            if (version == 0) {
                throw new ProblemException(Problem.of(Response.Status.NOT_FOUND, "ACCOUNT_NOT_FOUND",
                        "account " + accountId + " does not exist"));
            }
            return store.readStream(accountId, fromVersion, limit)
                    .map(events -> Response.ok(page(accountId, version, events).encode(), MediaType.APPLICATION_JSON)
                            .header("ETag", "\"" + version + "\"").build());
        });
    }

    private static JsonObject page(String accountId, long version, List<RecordedEvent> events) {
        JsonArray items = new JsonArray();
        for (RecordedEvent e : events) {
            items.add(new JsonObject()
                    .put("eventId", e.eventId().toString())
                    .put("type", e.type())
                    .put("schemaVersion", e.schemaVersion())
                    .put("streamVersion", e.streamVersion())
                    .put("position", e.position())
                    .put("recordedAt", e.recordedAt().toString())
                    .put("correlationId", e.metadata().correlationId())
                    .put("causationId", e.metadata().causationId())
                    .put("actor", e.metadata().actor())
                    .put("data", new JsonObject(e.data())));
        }
        return new JsonObject().put("accountId", accountId).put("version", version).put("events", items);
    }
}
