package dev.tally.ledger.app;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Commands of this replica that touch the same stream take turns: a command starts once every earlier command on any
 * of its streams has finished, so it decides on the state they committed instead of racing them, losing the append's
 * version check and retrying. Under a contended load (a few hot accounts, transfers between them) racing commands
 * spent most of their time in conflict retries and some ran out of them (bench/results/live-2026-12-06.md, mixed
 * workload at 32 clients). Commands on other streams are not held up; replicas still race each other, which the
 * append's expected version and the runner's retries handle as before.
 *
 * <p>Turns are taken in one global order (registration happens under a lock, for all of a command's streams at once),
 * so a transfer A→B and a transfer B→A can never wait for each other. Only streams with a command in flight have an
 * entry; it is removed by the last command of the lane.
 */
@ApplicationScoped
public class StreamLanes {

    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    /** Runs {@code command} once every earlier command on any of {@code streamIds} has finished. */
    public <T> Uni<T> inTurn(List<String> streamIds, Supplier<Uni<T>> command) {
        return Uni.createFrom().deferred(() -> {
            List<String> streams = List.copyOf(new TreeSet<>(streamIds));
            CompletableFuture<Void> mine = new CompletableFuture<>();
            List<CompletableFuture<Void>> earlier = new ArrayList<>(streams.size());
            synchronized (this) {
                for (String stream : streams) {
                    CompletableFuture<Void> previous = tails.put(stream, mine);
                    if (previous != null) {
                        earlier.add(previous);
                    }
                }
            }
            Uni<T> run = earlier.isEmpty()
                    ? command.get()
                    : afterAll(earlier).chain(() -> command.get());
            return run.onTermination().invoke(() -> {
                streams.forEach(stream -> tails.remove(stream, mine));
                mine.complete(null);
            });
        });
    }

    /** Completes when all of {@code earlier} have, back on the caller's Vert.x context (where its clients expect it). */
    private static Uni<Void> afterAll(List<CompletableFuture<Void>> earlier) {
        Context context = Vertx.currentContext();
        Uni<Void> done = Uni.createFrom().completionStage(
                CompletableFuture.allOf(earlier.toArray(CompletableFuture[]::new)));
        return context == null ? done : done.emitOn(task -> context.runOnContext(v -> task.run()));
    }

    /** Streams with a command in flight (for tests: entries must not outlive their commands). */
    public int busyStreams() {
        return tails.size();
    }
}
