package dev.tally.projection.testapp;

import dev.tally.projection.ReadYourWrites;
import dev.tally.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** A query of the test view, the way a read service writes one: wait for minPosition, then read the SQL view. */
@Path("/balances")
@Produces(MediaType.APPLICATION_JSON)
public class BalancesResource {

    private final Pool pool;
    private final ReadYourWrites readYourWrites;
    private final String view;

    BalancesResource(Pool pool, ReadYourWrites readYourWrites, @ConfigProperty(name = "tally.projection.view") String view) {
        this.pool = pool;
        this.readYourWrites = readYourWrites;
        this.view = view;
    }

    public record Balance(String streamId, long events, long balance, long version) {
    }

    @GET
    @Path("/{streamId}")
    public Uni<Balance> balance(@PathParam("streamId") String streamId, @QueryParam("minPosition") Long minPosition) {
        return readYourWrites.await(minPosition)
                .chain(() -> pool.preparedQuery("SELECT stream_id, events, balance, last_version FROM " + view + ".balances WHERE stream_id = $1")
                        .execute(Tuple.of(streamId)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new ProblemException(404, "stream-not-found", "No stream " + streamId + " in the view");
                    }
                    Row r = rows.iterator().next();
                    return new Balance(r.getString(0), r.getLong(1), r.getLong(2), r.getLong(3));
                });
    }
}
