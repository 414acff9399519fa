package dev.tally.ledger.domain;

import dev.tally.events.AccountClosed;
import dev.tally.events.AccountFrozen;
import dev.tally.events.AccountOpened;
import dev.tally.events.AccountUnfrozen;
import dev.tally.events.LedgerEvent;
import dev.tally.events.MoneyDeposited;
import dev.tally.events.MoneyWithdrawn;
import dev.tally.events.TransferReceived;
import dev.tally.events.TransferSent;
import dev.tally.ledger.domain.AccountCommand.Close;
import dev.tally.ledger.domain.AccountCommand.Deposit;
import dev.tally.ledger.domain.AccountCommand.Freeze;
import dev.tally.ledger.domain.AccountCommand.OpenAccount;
import dev.tally.ledger.domain.AccountCommand.Unfreeze;
import dev.tally.ledger.domain.AccountCommand.Withdraw;

import java.util.List;

/**
 * One account as a decider. {@link #decide} checks a command against the current state and returns the new events
 * (or throws {@link DomainRejection}); {@link #evolve} applies one recorded event to a state. Both are pure.
 *
 * <p>Checks run in a fixed order, so a command breaking several rules always gets the same answer: the command's own
 * fields first (400-type), then existence (404), then lifecycle state (409), then money rules (422).
 *
 * <p>Rules:
 * <ul>
 *   <li>amounts are 1..{@link DomainLimits#maxAmount()} minor units; overdraft limits 0..{@link DomainLimits#maxOverdraftLimit()};</li>
 *   <li>a debit never takes the balance below {@code -overdraftLimit}; a credit never takes it above
 *       {@link DomainLimits#maxBalance()} (so no sum can overflow);</li>
 *   <li>a frozen account takes credits (deposits, incoming transfers) but no debits, and cannot be closed until
 *       unfrozen (closing would release the held funds' account);</li>
 *   <li>a closed account takes nothing, and cannot be reopened;</li>
 *   <li>closing needs a balance of exactly zero.</li>
 * </ul>
 */
public final class AccountDecider {

    private final DomainLimits limits;

    public AccountDecider() {
        this(DomainLimits.DEFAULT);
    }

    public AccountDecider(DomainLimits limits) {
        this.limits = limits;
    }

    public DomainLimits limits() {
        return limits;
    }

    /** The events that {@code command} produces on an account in {@code state}; never empty. */
    public List<LedgerEvent> decide(AccountCommand command, AccountState state) {
        CommandValidation.accountId(command.accountId());
        if (state.exists() && !state.accountId().equals(command.accountId())) {
            throw new IllegalArgumentException("command for " + command.accountId() + " decided on the state of "
                    + state.accountId());
        }
        if (command instanceof OpenAccount open) {
            return List.of(open(open, state));
        }
        if (command instanceof Deposit deposit) {
            return List.of(deposit(deposit, state));
        }
        if (command instanceof Withdraw withdraw) {
            return List.of(withdraw(withdraw, state));
        }
        if (command instanceof Freeze freeze) {
            return List.of(freeze(freeze, state));
        }
        if (command instanceof Unfreeze unfreeze) {
            return List.of(unfreeze(unfreeze, state));
        }
        if (command instanceof Close close) {
            return List.of(close(close, state));
        }
        throw new IllegalArgumentException("unknown command " + command);
    }

    private AccountOpened open(OpenAccount command, AccountState state) {
        CommandValidation.ownerId(command.ownerId());
        CommandValidation.currency(command.currency());
        CommandValidation.overdraftLimit(command.overdraftLimit(), limits);
        if (state.exists()) {
            throw new DomainRejection(Rejection.ALREADY_OPEN, command.accountId(),
                    "account " + command.accountId() + " already exists");
        }
        return new AccountOpened(command.accountId(), command.ownerId(), command.currency(), command.overdraftLimit());
    }

    private MoneyDeposited deposit(Deposit command, AccountState state) {
        CommandValidation.amount(command.amount(), limits, command.accountId());
        String reference = CommandValidation.reference(command.reference());
        mustExist(state, command.accountId());
        mustNotBeClosed(state);
        mustStayWithinMaxBalance(state, command.amount(), limits);
        return new MoneyDeposited(state.accountId(), command.amount(), state.currency(), reference);
    }

    private MoneyWithdrawn withdraw(Withdraw command, AccountState state) {
        CommandValidation.amount(command.amount(), limits, command.accountId());
        String reference = CommandValidation.reference(command.reference());
        mustExist(state, command.accountId());
        mustTakeDebits(state);
        mustCover(state, command.amount());
        return new MoneyWithdrawn(state.accountId(), command.amount(), state.currency(), reference);
    }

    private AccountFrozen freeze(Freeze command, AccountState state) {
        String reason = CommandValidation.reason(command.reason());
        mustExist(state, command.accountId());
        mustNotBeClosed(state);
        if (state.status() == AccountStatus.FROZEN) {
            throw new DomainRejection(Rejection.ALREADY_FROZEN, state.accountId(),
                    "account " + state.accountId() + " is already frozen");
        }
        return new AccountFrozen(state.accountId(), reason);
    }

    private AccountUnfrozen unfreeze(Unfreeze command, AccountState state) {
        String reason = CommandValidation.reason(command.reason());
        mustExist(state, command.accountId());
        mustNotBeClosed(state);
        if (state.status() != AccountStatus.FROZEN) {
            throw new DomainRejection(Rejection.NOT_FROZEN, state.accountId(),
                    "account " + state.accountId() + " is not frozen");
        }
        return new AccountUnfrozen(state.accountId(), reason);
    }

    private AccountClosed close(Close command, AccountState state) {
        mustExist(state, command.accountId());
        mustTakeDebits(state);
        if (state.balance() != 0) {
            throw new DomainRejection(Rejection.NON_ZERO_BALANCE, state.accountId(),
                    "account " + state.accountId() + " has a balance of " + state.balance() + " "
                            + state.currency() + " minor units; only a zero balance can be closed");
        }
        return new AccountClosed(state.accountId());
    }

    // Shared with TransferDecider so both apply the same rules to each side.

    static void mustExist(AccountState state, String accountId) {
        if (!state.exists()) {
            throw new DomainRejection(Rejection.ACCOUNT_NOT_FOUND, accountId, "account " + accountId + " does not exist");
        }
    }

    static void mustNotBeClosed(AccountState state) {
        if (state.status() == AccountStatus.CLOSED) {
            throw new DomainRejection(Rejection.ACCOUNT_CLOSED, state.accountId(),
                    "account " + state.accountId() + " is closed");
        }
    }

    /** Debits (and closing) need an account that is neither closed nor frozen. */
    static void mustTakeDebits(AccountState state) {
        mustNotBeClosed(state);
        if (state.status() == AccountStatus.FROZEN) {
            throw new DomainRejection(Rejection.ACCOUNT_FROZEN, state.accountId(),
                    "account " + state.accountId() + " is frozen");
        }
    }

    static void mustCover(AccountState state, long amount) {
        // balance >= -overdraftLimit and amount <= maxAmount, both far from overflow (see DomainLimits).
        if (Math.subtractExact(state.balance(), amount) < -state.overdraftLimit()) {
            throw new DomainRejection(Rejection.INSUFFICIENT_FUNDS, state.accountId(),
                    "account " + state.accountId() + " can cover " + state.available() + " " + state.currency()
                            + " minor units, not " + amount);
        }
    }

    static void mustStayWithinMaxBalance(AccountState state, long amount, DomainLimits limits) {
        if (Math.addExact(state.balance(), amount) > limits.maxBalance()) {
            throw new DomainRejection(Rejection.BALANCE_LIMIT_EXCEEDED, state.accountId(),
                    "account " + state.accountId() + " would exceed the largest allowed balance of "
                            + limits.maxBalance() + " minor units");
        }
    }

    /**
     * Applies one recorded event. Events are facts, so no business rule is re-checked here; only a stream that cannot
     * be (an event before the account was opened, another account's event, another currency) is refused, with an
     * {@link IllegalStateException}: that is corruption, not a user error.
     */
    public static AccountState evolve(AccountState state, LedgerEvent event) {
        if (event instanceof AccountOpened opened) {
            if (state.exists()) {
                throw new IllegalStateException("account " + state.accountId() + " opened twice");
            }
            return new AccountState(AccountStatus.OPEN, opened.accountId(), opened.ownerId(), opened.currency(),
                    0L, opened.overdraftLimit());
        }
        if (!state.exists()) {
            throw new IllegalStateException(event.getClass().getSimpleName() + " on account " + event.accountId()
                    + " before it was opened");
        }
        if (!state.accountId().equals(event.accountId())) {
            throw new IllegalStateException("event of account " + event.accountId() + " in the stream of "
                    + state.accountId());
        }
        if (event instanceof MoneyDeposited || event instanceof MoneyWithdrawn
                || event instanceof TransferSent || event instanceof TransferReceived) {
            String currency = currencyOf(event);
            if (!state.currency().equals(currency)) {
                throw new IllegalStateException("event in " + currency + " on account " + state.accountId()
                        + " held in " + state.currency());
            }
            return state.withBalance(Math.addExact(state.balance(), event.balanceEffect()));
        }
        if (event instanceof AccountFrozen) {
            return state.with(AccountStatus.FROZEN);
        }
        if (event instanceof AccountUnfrozen) {
            return state.with(AccountStatus.OPEN);
        }
        if (event instanceof AccountClosed) {
            return state.with(AccountStatus.CLOSED);
        }
        throw new IllegalArgumentException("unknown event " + event);
    }

    /** The state after all {@code events}, starting from {@code state} (e.g. a snapshot). */
    public static AccountState fold(AccountState state, Iterable<? extends LedgerEvent> events) {
        AccountState current = state;
        for (LedgerEvent event : events) {
            current = evolve(current, event);
        }
        return current;
    }

    /** The state after all {@code events} of a stream, from its beginning. */
    public static AccountState fold(Iterable<? extends LedgerEvent> events) {
        return fold(AccountState.NOT_OPENED, events);
    }

    private static String currencyOf(LedgerEvent event) {
        if (event instanceof MoneyDeposited e) {
            return e.currency();
        }
        if (event instanceof MoneyWithdrawn e) {
            return e.currency();
        }
        if (event instanceof TransferSent e) {
            return e.currency();
        }
        return ((TransferReceived) event).currency();
    }
}
