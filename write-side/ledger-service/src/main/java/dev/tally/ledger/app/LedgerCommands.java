package dev.tally.ledger.app;

import dev.tally.eventstore.EventStore;
import dev.tally.eventstore.LoadedStream;
import dev.tally.eventstore.StreamAppend;
import dev.tally.eventstore.WrongExpectedVersionException;
import dev.tally.events.LedgerEvent;
import dev.tally.ledger.domain.AccountCommand;
import dev.tally.ledger.domain.AccountDecider;
import dev.tally.ledger.domain.AccountState;
import dev.tally.ledger.domain.DomainLimits;
import dev.tally.ledger.domain.DomainRejection;
import dev.tally.ledger.domain.Transfer;
import dev.tally.ledger.domain.TransferDecider;
import dev.tally.ledger.domain.TransferDecision;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the ledger's commands: load the streams (snapshot + tail), {@code decide}, then append in one transaction
 * together with the Idempotency-Key's answer. A command is acknowledged only once that transaction has committed;
 * publishing to Kafka happens later, from the event table, by the outbox relay.
 *
 * <p>Concurrency: without {@code If-Match}, a lost optimistic-concurrency race is retried (reload, decide again, after
 * a short random pause that grows with each attempt) up to {@code tally.commands.max-conflict-retries} times, so
 * callers don't see spurious conflicts even on a hot account; after that the answer is 409 with Retry-After; with {@code If-Match}
 * the caller asked for one exact version, so a race is answered 412.
 */
@ApplicationScoped
public class LedgerCommands {

    private final AccountStreams streams;
    private final EventStore store;
    private final IdempotencyKeys keys;
    private final AccountDecider accounts;
    private final TransferDecider transfers;
    private final int maxAttempts;

    LedgerCommands(AccountStreams streams, EventStore store, IdempotencyKeys keys,
                   @ConfigProperty(name = "tally.commands.max-conflict-retries", defaultValue = "8") int maxRetries,
                   @ConfigProperty(name = "tally.commands.max-amount",
                           defaultValue = "" + DomainLimits.DEFAULT_MAX_AMOUNT) long maxAmount,
                   @ConfigProperty(name = "tally.commands.max-overdraft-limit",
                           defaultValue = "" + DomainLimits.DEFAULT_MAX_OVERDRAFT_LIMIT) long maxOverdraftLimit) {
        this.streams = streams;
        this.store = store;
        this.keys = keys;
        this.maxAttempts = maxRetries + 1;
        DomainLimits limits = new DomainLimits(maxAmount, maxOverdraftLimit, DomainLimits.DEFAULT_MAX_BALANCE);
        this.accounts = new AccountDecider(limits);
        this.transfers = new TransferDecider(limits);
    }

    /** Opens an account; {@code command.accountId()} is chosen by the caller (a fresh UUID). */
    public Uni<CommandAnswer> open(AccountCommand.OpenAccount command, CommandContext context) {
        // A fresh UUID names no stream yet: decide on the empty state; the append (expected version 0) checks it.
        return run(context, List.of(command.accountId()), fresh -> (fresh
                        ? streams.load(command.accountId(), true)
                        : Uni.createFrom().item(new LoadedStream<>(AccountState.NOT_OPENED, 0, 0, 0)))
                .map(loaded -> planOnAccount(command, loaded, context, 201, "/accounts/" + command.accountId())));
    }

    /** Any command on one existing account: deposit, withdraw, freeze, unfreeze, close. */
    public Uni<CommandAnswer> onAccount(AccountCommand command, CommandContext context) {
        return run(context, List.of(command.accountId()), fresh -> streams.load(command.accountId(), fresh)
                .map(loaded -> planOnAccount(command, visible(loaded, context), context, 200, null)));
    }

    /**
     * A transfer: both accounts' events in one atomic append, each guarded by its own expected version. A customer
     * may only pay from their own account (to anyone's).
     */
    public Uni<CommandAnswer> transfer(Transfer command, CommandContext context) {
        return run(context, List.of(command.fromAccountId(), command.toAccountId()), fresh -> Uni.combine().all()
                .unis(streams.load(command.fromAccountId(), fresh), streams.load(command.toAccountId(), fresh))
                .with((from, to) -> planTransfer(command, visible(from, context), to, context)));
    }

    /**
     * The stream as the caller may see it: a customer ({@link CommandContext#ownerScope()}) sees another owner's
     * account as an empty stream, so every command on it is decided exactly as on an account that does not exist
     * (404 ACCOUNT_NOT_FOUND, If-Match against version 0) and nothing tells the two apart.
     */
    private static LoadedStream<AccountState> visible(LoadedStream<AccountState> loaded, CommandContext context) {
        String scope = context.ownerScope();
        if (scope == null || !loaded.state().exists() || scope.equals(loaded.state().ownerId())) {
            return loaded;
        }
        return new LoadedStream<>(AccountState.NOT_OPENED, 0, 0, 0);
    }

    private Plan planOnAccount(AccountCommand command, LoadedStream<AccountState> loaded, CommandContext context,
                               int status, String location) {
        requireExpectedVersion(command.accountId(), context, loaded.version());
        List<LedgerEvent> events = accounts.decide(command, loaded.state());
        StreamAppend append = new StreamAppend(command.accountId(), loaded.expectedVersion(),
                streams.encode(events, context));
        JsonObject body = new JsonObject().put("accountId", command.accountId()).put("version", append.newVersion());
        return new Plan(List.of(append), List.of(AccountDecider.fold(loaded.state(), events)), status, body, location,
                append.newVersion());
    }

    private Plan planTransfer(Transfer command, LoadedStream<AccountState> from, LoadedStream<AccountState> to,
                              CommandContext context) {
        requireExpectedVersion(command.fromAccountId(), context, from.version());
        TransferDecision decision = transfers.decide(command, from.state(), to.state());
        StreamAppend debit = new StreamAppend(command.fromAccountId(), from.expectedVersion(),
                streams.encode(List.of(decision.sent()), context));
        StreamAppend credit = new StreamAppend(command.toAccountId(), to.expectedVersion(),
                streams.encode(List.of(decision.received()), context));
        JsonObject body = new JsonObject()
                .put("transferId", command.transferId())
                .put("fromAccountId", command.fromAccountId()).put("fromVersion", debit.newVersion())
                .put("toAccountId", command.toAccountId()).put("toVersion", credit.newVersion());
        return new Plan(List.of(debit, credit), List.of(AccountDecider.evolve(from.state(), decision.sent()),
                AccountDecider.evolve(to.state(), decision.received())), 200, body, null, null);
    }

    private static void requireExpectedVersion(String accountId, CommandContext context, long actual) {
        context.expectedVersion().ifPresent(expected -> {
            if (expected != actual) {
                throw new PreconditionFailed(accountId, expected, actual);
            }
        });
    }

    /** Loads the command's streams (from the state cache unless {@code fresh}) and decides. */
    private interface Planner extends Function<Boolean, Uni<Plan>> {
    }

    private Uni<CommandAnswer> run(CommandContext context, List<String> streamIds, Planner planner) {
        String key = context.idempotencyKey();
        if (key == null) {
            return attempt(context, streamIds, planner, 1);
        }
        return keys.find(key).chain(stored -> stored.isPresent()
                ? replay(stored.get(), context)
                : attempt(context, streamIds, planner, 1)
                        .onFailure(IdempotencyKeys.KeyTaken.class).recoverWithUni(() -> replayStored(context)));
    }

    /**
     * One try. The first decides on cached state (see {@link AccountStreams}); a "no" from cached state (a rejection,
     * a stale If-Match) is only trusted after deciding again on fresh state, since another replica may have moved the
     * account. A "yes" needs no such care: the append's expected version rejects it if the state was stale.
     */
    private Uni<CommandAnswer> attempt(CommandContext context, List<String> streamIds, Planner planner, int attempt) {
        boolean fresh = attempt > 1;
        return planner.apply(fresh)
                .chain(plan -> commit(plan, context))
                .onFailure(e -> !fresh && (e instanceof DomainRejection || e instanceof PreconditionFailed))
                .recoverWithUni(() -> {
                    streamIds.forEach(streams::forget);
                    return attempt(context, streamIds, planner, attempt + 1);
                })
                .onFailure(DomainRejection.class).recoverWithUni(e -> rejected((DomainRejection) e, context))
                .onFailure(WrongExpectedVersionException.class).recoverWithUni(e -> {
                    String stream = ((WrongExpectedVersionException) e).streamId();
                    streamIds.forEach(streams::forget);
                    if (context.expectedVersion().isPresent()) {
                        long expected = context.expectedVersion().getAsLong();
                        return store.streamVersion(stream).chain(actual ->
                                Uni.createFrom().failure(new PreconditionFailed(stream, expected, actual)));
                    }
                    if (attempt >= maxAttempts) {
                        return Uni.createFrom().failure(new TooMuchContention(stream, attempt));
                    }
                    return Uni.createFrom().voidItem().onItem().delayIt().by(backoff(attempt))
                            .chain(() -> attempt(context, streamIds, planner, attempt + 1));
                });
    }

    /** Random, growing pause before a retry, so racing commands on one hot account spread out instead of colliding again. */
    private static Duration backoff(int attempt) {
        long ceilingMillis = 2L << Math.min(attempt, 5);
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(1, ceilingMillis));
    }

    /**
     * Key row first, append last, COMMIT pipelined behind the append: the append takes the log's position lock, which
     * is held until the commit, so nothing may run between them.
     */
    private Uni<CommandAnswer> commit(Plan plan, CommandContext context) {
        String key = context.idempotencyKey();
        return store.append(plan.appends(), tx -> key == null
                        ? Uni.createFrom().voidItem()
                        : keys.remember(tx, key, plan.toStored(context.requestHash())))
                .invoke(() -> plan.remember(streams))
                .map(result -> plan.answer(result.lastPosition()));
    }

    private Uni<CommandAnswer> rejected(DomainRejection rejection, CommandContext context) {
        CommandAnswer answer = Rejections.answer(rejection, context.correlationId());
        if (context.idempotencyKey() == null) {
            return Uni.createFrom().item(answer);
        }
        var stored = new IdempotencyKeys.StoredAnswer(context.requestHash(), answer.status(), answer.body(), null, null, null);
        return keys.remember(context.idempotencyKey(), stored).replaceWith(answer)
                .onFailure(IdempotencyKeys.KeyTaken.class).recoverWithUni(() -> replayStored(context));
    }

    private Uni<CommandAnswer> replayStored(CommandContext context) {
        return keys.find(context.idempotencyKey()).chain(stored -> replay(stored.orElseThrow(), context));
    }

    private Uni<CommandAnswer> replay(IdempotencyKeys.StoredAnswer stored, CommandContext context) {
        if (!stored.requestHash().equals(context.requestHash())) {
            return Uni.createFrom().failure(new IdempotencyKeyReused(context.idempotencyKey()));
        }
        JsonObject body = stored.body().copy();
        Long version = body.getLong("version");
        if (stored.lastStreamId() == null) {
            return Uni.createFrom().item(new CommandAnswer(stored.status(), body, stored.location(), version, true));
        }
        return store.readStream(stored.lastStreamId(), stored.lastStreamVersion(), 1).map(events -> {
            body.put("position", events.get(0).position());
            return new CommandAnswer(stored.status(), body, stored.location(), version, true);
        });
    }

    /** What a command will append, and the answer it gives once the append has committed. */
    private record Plan(List<StreamAppend> appends, List<AccountState> newStates, int status, JsonObject body,
                        String location, Long version) {

        /** After the commit: the state each stream is now in, so the next command on it needs no load. */
        void remember(AccountStreams streams) {
            for (int i = 0; i < appends.size(); i++) {
                StreamAppend append = appends.get(i);
                streams.remember(append.streamId(), append.expectedVersion(), append.newVersion(), newStates.get(i));
            }
        }

        CommandAnswer answer(long position) {
            return new CommandAnswer(status, body.copy().put("position", position), location, version, false);
        }

        IdempotencyKeys.StoredAnswer toStored(String requestHash) {
            StreamAppend last = appends.get(appends.size() - 1);
            return new IdempotencyKeys.StoredAnswer(requestHash, status, body, location, last.streamId(), last.newVersion());
        }
    }

}
