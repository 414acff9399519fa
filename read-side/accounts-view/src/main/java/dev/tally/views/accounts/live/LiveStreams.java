package dev.tally.views.accounts.live;

import dev.tally.platform.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bounds the live streams (server-sent events) this replica holds open at once: each holds a connection, a
 * subscription to every committed change and a buffer of up to {@link AccountUpdates#SUBSCRIBER_BUFFER} states. One
 * more than {@code tally.accounts.live.max-streams} is answered 503 before its stream starts; the client retries, as
 * it would after any dropped stream (or reaches another replica).
 */
@ApplicationScoped
public class LiveStreams {

    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    LiveStreams(@ConfigProperty(name = "tally.accounts.live.max-streams") int max) {
        this.max = max;
    }

    /** The stream, counted while it is open; a 503 problem (thrown now) if the limit is reached. */
    public <T> Multi<T> counted(Multi<T> stream) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            throw new ProblemException(503, "too-many-live-streams",
                    "this replica already serves " + max + " live streams; retry shortly");
        }
        AtomicInteger released = new AtomicInteger();
        return stream.onTermination().invoke(() -> {
            if (released.getAndIncrement() == 0) {
                open.decrementAndGet();
            }
        });
    }

    /** Live streams open now. */
    public int open() {
        return open.get();
    }
}
