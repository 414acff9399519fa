package dev.tally.projection.fingerprint;

import dev.tally.projection.ReadYourWrites;
import dev.tally.projection.web.KeyRange;
import dev.tally.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The view's consistency fingerprint, for the write service's consistency auditor: a page of the rows its
 * {@link FingerprintSource} supplies, once the view has applied {@code minPosition} (503 view-not-caught-up
 * otherwise). Admin only by default ({@code tally.security.fingerprint-roles}). A service without a
 * {@code FingerprintSource} answers 404. See the README, "Consistency fingerprint".
 */
@Path("/consistency/accounts")
@Produces(MediaType.APPLICATION_JSON)
public class FingerprintResource {

    private final ReadYourWrites readYourWrites;
    private final Instance<FingerprintSource<?>> sources;

    FingerprintResource(ReadYourWrites readYourWrites, Instance<FingerprintSource<?>> sources) {
        this.readYourWrites = readYourWrites;
        this.sources = sources;
    }

    @GET
    @RolesAllowed("${tally.security.fingerprint-roles:admin}")
    @Operation(summary = "Consistency fingerprint: accounts with id > after (and <= until), ordered by id",
            description = "For the write service's consistency auditor (admin only). limit 1..1000, default 500.")
    public Uni<FingerprintPage<?>> page(@QueryParam("after") String after, @QueryParam("until") String until,
            @QueryParam("limit") String limit, @QueryParam("minPosition") String minPosition) {
        KeyRange range = KeyRange.parse(after, until, limit, minPosition);
        if (!sources.isResolvable()) {
            throw new ProblemException(404, "no-fingerprint", "this service has no consistency fingerprint");
        }
        FingerprintSource<?> source = sources.get();
        return onThisContext(readYourWrites.await(range.minPosition()))
                .chain(() -> page(source, range, readYourWrites.frontier()));
    }

    private static <R> Uni<FingerprintPage<?>> page(FingerprintSource<R> source, KeyRange range, long frontier) {
        return source.rows(range, frontier).map(rows -> new FingerprintPage<>(source.view(), frontier, rows));
    }

    /**
     * The wait may end on another thread (the consumer that advanced the frontier, a timer); the source's reactive
     * session or pool must be used on the request's own Vert.x context, so the rest of the chain is put back there.
     */
    private static Uni<Void> onThisContext(Uni<Void> wait) {
        Context context = Vertx.currentContext();
        return context == null ? wait : wait.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }
}
