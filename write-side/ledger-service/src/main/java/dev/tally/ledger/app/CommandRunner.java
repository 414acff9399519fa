package dev.tally.ledger.app;

import dev.tally.eventstore.AppendRequest;
import dev.tally.eventstore.EventStore;
import dev.tally.eventstore.StreamAppend;
import dev.tally.eventstore.WrongExpectedVersionException;
import dev.tally.events.LedgerEvent;
import dev.tally.ledger.app.CommandOutcome.Accepted;
import dev.tally.ledger.app.CommandOutcome.Appended;
import dev.tally.ledger.app.CommandOutcome.KeyReused;
import dev.tally.ledger.app.CommandOutcome.PreconditionFailed;
import dev.tally.ledger.app.CommandOutcome.Rejected;
import dev.tally.ledger.app.CommandOutcome.Replayed;
import dev.tally.ledger.app.CommandOutcome.TooMuchContention;
import dev.tally.ledger.domain.AccountState;
import dev.tally.ledger.domain.DomainRejection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs one command whatever it is: load the streams (snapshot + tail), check {@code If-Match}, decide, then append in
 * one transaction together with the Idempotency-Key's answer. A command is accepted only once that transaction has
 * committed; publishing to Kafka happens later, from the event table, by the outbox relay. The result is a
 * {@link CommandOutcome}; how it is answered (status, headers, JSON) is the caller's {@link AnswerFormat}, which is
 * also what an Idempotency-Key remembers.
 *
 * <p>Concurrency: commands of this replica on the same streams take turns ({@link StreamLanes}), so races are
 * between replicas. Without {@code If-Match}, a lost optimistic-concurrency race is retried (reload, decide again, after
 * a short random pause that grows with each attempt) up to {@code tally.commands.max-conflict-retries} times, so
 * callers don't see spurious conflicts even on a hot account; after that the outcome is {@link TooMuchContention};
 * with {@code If-Match} the caller asked for one exact version, so a race is {@link PreconditionFailed}.
 */
@ApplicationScoped
public class CommandRunner {

    /** Loads the command's streams (from the state cache unless {@code fresh}), checks If-Match, and decides. */
    @FunctionalInterface
    public interface Planner {
        Uni<Plan> plan(boolean fresh);
    }

    /** How outcomes are answered; the runner stores these answers under the Idempotency-Key. */
    public interface AnswerFormat {
        /** The answer to an accepted command, without its position (added on every answer, first or replayed). */
        CommandAnswer accepted(List<Appended> streams);

        CommandAnswer rejected(DomainRejection rejection, String correlationId);
    }

    /**
     * What a command will append (in order), the state each stream is in after it, and the events.
     */
    public record Plan(List<StreamAppend> appends, List<AccountState> newStates, List<LedgerEvent> events) {
    }

    private final AccountStreams streams;
    private final EventStore store;
    private final IdempotencyKeys keys;
    private final StreamLanes lanes;
    private final int maxAttempts;
    private final CommandMetrics metrics;

    CommandRunner(AccountStreams streams, EventStore store, IdempotencyKeys keys, StreamLanes lanes,
                  CommandMetrics metrics,
                  @ConfigProperty(name = "tally.commands.max-conflict-retries", defaultValue = "8") int maxRetries) {
        this.streams = streams;
        this.store = store;
        this.keys = keys;
        this.lanes = lanes;
        this.metrics = metrics;
        this.maxAttempts = maxRetries + 1;
    }

    /**
     * For planners, before deciding: {@code If-Match} (when given) must name {@code actual}, the version of the
     * stream it guards; a precondition comes before any business rule.
     */
    public static void requireExpectedVersion(CommandContext context, String streamId, long actual) {
        context.expectedVersion().ifPresent(expected -> {
            if (expected != actual) {
                throw new StaleVersion(new PreconditionFailed(streamId, expected, actual));
            }
        });
    }

    /**
     * Runs the command whose streams are {@code streamIds}; {@code command} names it in the metrics (one of
     * {@link CommandMetrics#COMMANDS}).
     */
    public Uni<CommandOutcome> run(String command, CommandContext context, List<String> streamIds, Planner planner,
                                   AnswerFormat format) {
        Run run = new Run(command, context, streamIds, planner, format);
        // Commands of this replica on the same streams take turns instead of racing (StreamLanes).
        Uni<CommandOutcome> inTurn = lanes.inTurn(streamIds, () -> attempt(run, 1));
        String key = context.idempotencyKey();
        if (key == null) {
            return metrics.measure(command, inTurn);
        }
        return metrics.measure(command, keys.find(context.idempotencyScope(), key).chain(stored -> stored.isPresent()
                ? replay(stored.get(), context)
                : inTurn.onFailure(IdempotencyKeys.KeyTaken.class).recoverWithUni(() -> replayStored(context))));
    }

    private record Run(String command, CommandContext context, List<String> streamIds, Planner planner,
                       AnswerFormat format) {
    }

    /** Carries an If-Match mismatch out of a planner; becomes the {@link PreconditionFailed} outcome. */
    private static final class StaleVersion extends RuntimeException {
        final PreconditionFailed outcome;

        StaleVersion(PreconditionFailed outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }

    /**
     * One try. The first decides on cached state (see {@link AccountStreams}); a "no" from cached state (a rejection,
     * a stale If-Match) is only trusted after deciding again on fresh state, since another replica may have moved the
     * account. A "yes" needs no such care: the append's expected version rejects it if the state was stale.
     */
    private Uni<CommandOutcome> attempt(Run run, int attempt) {
        boolean fresh = attempt > 1;
        CommandContext context = run.context();
        return run.planner().plan(fresh)
                .chain(plan -> commit(plan, run))
                .onFailure(e -> !fresh && (e instanceof DomainRejection || e instanceof StaleVersion))
                // Fresh = the kept state plus the stream's tail read from the store (a kept state is never wrong, only
                // possibly behind), not a reload from the snapshot: that read was most of the write side's database
                // time under a mixed load (bench/results/live-2026-12-06-profile.md).
                .recoverWithUni(() -> attempt(run, attempt + 1))
                .onFailure(DomainRejection.class).recoverWithUni(e -> rejected((DomainRejection) e, run))
                .onFailure(StaleVersion.class).recoverWithItem(e -> ((StaleVersion) e).outcome)
                .onFailure(WrongExpectedVersionException.class).recoverWithUni(e -> {
                    String stream = ((WrongExpectedVersionException) e).streamId();
                    if (attempt > 1) {
                        // A second conflict in a row: drop the kept states too, in case one is ahead of the store
                        // (only after a restore of the database to an earlier point).
                        run.streamIds().forEach(streams::forget);
                    }
                    if (context.expectedVersion().isPresent()) {
                        long expected = context.expectedVersion().getAsLong();
                        return store.streamVersion(stream).map(actual ->
                                (CommandOutcome) new PreconditionFailed(stream, expected, actual));
                    }
                    if (attempt >= maxAttempts) {
                        return Uni.createFrom().item(new TooMuchContention(stream, attempt));
                    }
                    metrics.conflictRetried(run.command());
                    return Uni.createFrom().voidItem().onItem().delayIt().by(backoff(attempt))
                            .chain(() -> attempt(run, attempt + 1));
                });
    }

    /** Random, growing pause before a retry, so racing commands on one hot account spread out instead of colliding again. */
    private static Duration backoff(int attempt) {
        long ceilingMillis = 2L << Math.min(attempt, 5);
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(1, ceilingMillis));
    }

    /**
     * Appends with the Idempotency-Key's answer in the same statement, group-committed with concurrent commands of
     * this replica (write-side/event-store/README.md, "Group commit"): the outcome is this command's own all the same.
     */
    private Uni<CommandOutcome> commit(Plan plan, Run run) {
        String key = run.context().idempotencyKey();
        List<Appended> appended = plan.appends().stream()
                .map(append -> new Appended(append.streamId(), append.newVersion()))
                .toList();
        AppendRequest<?> request = key == null
                ? AppendRequest.of(plan.appends())
                : AppendRequest.withRows(plan.appends(), keys, new IdempotencyKeys.Remembered(
                        run.context().idempotencyScope(), key,
                        stored(run.context(), run.format().accepted(appended), appended)));
        return store.append(request)
                .invoke(() -> remember(plan))
                .map(result -> new Accepted(appended, result.lastPosition(), plan.events()));
    }

    /** After the commit: the state each stream is now in, so the next command on it needs no load. */
    private void remember(Plan plan) {
        for (int i = 0; i < plan.appends().size(); i++) {
            StreamAppend append = plan.appends().get(i);
            streams.remember(append.streamId(), append.expectedVersion(), append.newVersion(), plan.newStates().get(i));
        }
    }

    private static IdempotencyKeys.StoredAnswer stored(CommandContext context, CommandAnswer answer,
                                                       List<Appended> appended) {
        Appended last = appended.get(appended.size() - 1);
        return new IdempotencyKeys.StoredAnswer(context.requestHash(), answer.status(), answer.body(),
                answer.location(), last.streamId(), last.version());
    }

    private Uni<CommandOutcome> rejected(DomainRejection rejection, Run run) {
        CommandContext context = run.context();
        CommandOutcome outcome = new Rejected(rejection);
        if (context.idempotencyKey() == null) {
            return Uni.createFrom().item(outcome);
        }
        CommandAnswer answer = run.format().rejected(rejection, context.correlationId());
        var stored = new IdempotencyKeys.StoredAnswer(context.requestHash(), answer.status(), answer.body(), null, null, null);
        return keys.remember(context.idempotencyScope(), context.idempotencyKey(), stored).replaceWith(outcome)
                .onFailure(IdempotencyKeys.KeyTaken.class).recoverWithUni(() -> replayStored(context));
    }

    private Uni<CommandOutcome> replayStored(CommandContext context) {
        return keys.find(context.idempotencyScope(), context.idempotencyKey()).chain(stored -> replay(stored.orElseThrow(), context));
    }

    private Uni<CommandOutcome> replay(IdempotencyKeys.StoredAnswer stored, CommandContext context) {
        if (!stored.requestHash().equals(context.requestHash())) {
            return Uni.createFrom().item(new KeyReused(context.idempotencyKey()));
        }
        JsonObject body = stored.body().copy();
        Long version = body.getLong("version");
        if (stored.lastStreamId() == null) {
            return Uni.createFrom().item(new Replayed(
                    new CommandAnswer(stored.status(), body, stored.location(), version, true)));
        }
        return store.readStream(stored.lastStreamId(), stored.lastStreamVersion(), 1).map(events -> {
            body.put("position", events.get(0).position());
            return new Replayed(new CommandAnswer(stored.status(), body, stored.location(), version, true));
        });
    }
}
