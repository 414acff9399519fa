package dev.tally.projection.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.tally.projection.ViewNotCaughtUpException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Read-your-writes waiters are bounded: one more than the limit is refused at once; the waiting ones still finish. */
class ReadYourWritesBoundTest {

    @Test
    void oneWaiterMoreThanTheLimitIsRefusedAtOnce() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            LiveFrontier frontier = new LiveFrontier(vertx, Duration.ofSeconds(30), 3, new ProjectionSpans(null, "test"));
            frontier.activate(1, 10);
            List<CompletableFuture<Void>> waiting = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waiting.add(subscribe(frontier.await(20L + i)));
            }
            assertEquals(3, frontier.waiting());

            CompletableFuture<Void> refused = subscribe(frontier.await(15L));
            Throwable failure = refused.handle((ok, f) -> f).get(1, TimeUnit.SECONDS);
            assertInstanceOf(ViewNotCaughtUpException.class, failure);
            assertEquals(10, ((ViewNotCaughtUpException) failure).frontier());
            // Positions already reached never wait, so never count against the limit.
            subscribe(frontier.await(10L)).get(1, TimeUnit.SECONDS);

            frontier.advanced(1, 30);
            for (CompletableFuture<Void> w : waiting) {
                w.get(5, TimeUnit.SECONDS);
            }
            assertEquals(0, frontier.waiting());
            subscribe(frontier.await(25L)).get(1, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static CompletableFuture<Void> subscribe(Uni<Void> wait) {
        return wait.subscribeAsCompletionStage();
    }
}
