package dev.tally.ledger.app;

import dev.tally.eventstore.LoadedStream;
import dev.tally.eventstore.StreamAppend;
import dev.tally.events.LedgerEvent;
import dev.tally.ledger.app.CommandRunner.AnswerFormat;
import dev.tally.ledger.app.CommandRunner.Plan;
import dev.tally.ledger.domain.AccountCommand;
import dev.tally.ledger.domain.AccountDecider;
import dev.tally.ledger.domain.AccountState;
import dev.tally.ledger.domain.AccountStates;
import dev.tally.ledger.domain.DomainLimits;
import dev.tally.ledger.domain.Transfer;
import dev.tally.ledger.domain.TransferDecider;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The ledger's commands: which streams each one reads, which stream {@code If-Match} guards, and which decider decides.
 * Loading, retrying, idempotency and committing are the {@link CommandRunner}'s; answering is the caller's
 * {@link AnswerFormat}.
 */
@ApplicationScoped
public class LedgerCommands {

    private final AccountStreams streams;
    private final CommandRunner runner;
    private final AccountDecider accounts;
    private final TransferDecider transfers;

    LedgerCommands(AccountStreams streams, CommandRunner runner,
                   @ConfigProperty(name = "tally.commands.max-amount",
                           defaultValue = "" + DomainLimits.DEFAULT_MAX_AMOUNT) long maxAmount,
                   @ConfigProperty(name = "tally.commands.max-overdraft-limit",
                           defaultValue = "" + DomainLimits.DEFAULT_MAX_OVERDRAFT_LIMIT) long maxOverdraftLimit) {
        this.streams = streams;
        this.runner = runner;
        DomainLimits limits = new DomainLimits(maxAmount, maxOverdraftLimit, DomainLimits.DEFAULT_MAX_BALANCE);
        this.accounts = new AccountDecider(limits);
        this.transfers = new TransferDecider(limits);
    }

    /** Opens an account; {@code command.accountId()} is chosen by the caller (a fresh UUID). */
    public Uni<CommandOutcome> open(AccountCommand.OpenAccount command, CommandContext context, AnswerFormat format) {
        // A fresh UUID names no stream yet: decide on the empty state; the append (expected version 0) checks it.
        return runner.run(CommandMetrics.OPEN_ACCOUNT, context, List.of(command.accountId()), fresh -> (fresh
                        ? streams.load(command.accountId(), true)
                        : Uni.createFrom().item(new LoadedStream<>(AccountState.NOT_OPENED, 0, 0, 0)))
                .map(loaded -> planOnAccount(command, loaded, context)), format);
    }

    /** Any command on one existing account: deposit, withdraw, freeze, unfreeze, close. */
    public Uni<CommandOutcome> onAccount(AccountCommand command, CommandContext context, AnswerFormat format) {
        return runner.run(CommandMetrics.nameOf(command), context, List.of(command.accountId()), fresh -> streams.load(command.accountId(), fresh)
                .map(loaded -> planOnAccount(command, visible(loaded, context), context)), format);
    }

    /**
     * A transfer: both accounts' events in one atomic append, each guarded by its own expected version; If-Match
     * guards the source. A customer may only pay from their own account (to anyone's).
     */
    public Uni<CommandOutcome> transfer(Transfer command, CommandContext context, AnswerFormat format) {
        return runner.run(CommandMetrics.TRANSFER, context, List.of(command.fromAccountId(), command.toAccountId()),
                fresh -> Uni.combine().all()
                        .unis(streams.load(command.fromAccountId(), fresh), streams.load(command.toAccountId(), fresh))
                        .with((from, to) -> planTransfer(command, visible(from, context), to, context)), format);
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

    private Plan planOnAccount(AccountCommand command, LoadedStream<AccountState> loaded, CommandContext context) {
        CommandRunner.requireExpectedVersion(context, command.accountId(), loaded.version());
        List<LedgerEvent> events = accounts.decide(command, loaded.state());
        StreamAppend append = new StreamAppend(command.accountId(), loaded.expectedVersion(), streams.encode(events, context));
        return new Plan(List.of(append), List.of(accounts.fold(loaded.state(), events)), events);
    }

    private Plan planTransfer(Transfer command, LoadedStream<AccountState> from, LoadedStream<AccountState> to,
                              CommandContext context) {
        CommandRunner.requireExpectedVersion(context, command.fromAccountId(), from.version());
        List<LedgerEvent> events = transfers.decide(command,
                AccountStates.of(command.fromAccountId(), from.state(), command.toAccountId(), to.state()));
        LedgerEvent sent = events.get(0);
        LedgerEvent received = events.get(1);
        StreamAppend debit = new StreamAppend(command.fromAccountId(), from.expectedVersion(),
                streams.encode(List.of(sent), context));
        StreamAppend credit = new StreamAppend(command.toAccountId(), to.expectedVersion(),
                streams.encode(List.of(received), context));
        return new Plan(List.of(debit, credit),
                List.of(accounts.evolve(from.state(), sent), accounts.evolve(to.state(), received)), events);
    }
}
