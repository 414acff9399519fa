package dev.tally.ledger.domain;

import dev.tally.decider.Decider;
import dev.tally.decider.Dispatch;
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
import dev.tally.ledger.domain.AccountState.Opened;

import java.util.List;

/**
 * One account as a {@link Decider}. {@link #decide} checks a command against the current state and returns the new
 * events (or throws {@link DomainRejection}); {@link #evolve} applies one recorded event to a state. Both are pure.
 * Commands are dispatched by {@link AccountCommand.Visitor}, states by {@link AccountState#match}, events by a
 * {@link Dispatch} table that covers every {@link LedgerEvent} type (the table does not build otherwise).
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
 * The rules on one account's side ({@link #mustExist}, {@link #mustNotBeClosed}, {@link #mustTakeDebits},
 * {@link #mustCover}, {@link #mustStayWithinMaxBalance}) are public so that {@link TransferDecider} applies exactly
 * the same ones to each side.
 */
public final class AccountDecider implements Decider<AccountCommand, AccountState, LedgerEvent> {

    /** With {@link DomainLimits#DEFAULT}; {@link #evolve} does not depend on limits, so any instance folds alike. */
    public static final AccountDecider DEFAULT = new AccountDecider();

    /** How each event changes an opened account; AccountOpened on an opened account is corruption. */
    private static final Dispatch<LedgerEvent, Opened, Opened> ON_OPENED = Dispatch.<LedgerEvent, Opened, Opened>over(
                    LedgerEvent.class)
            .on(AccountOpened.class, (state, opened) -> {
                throw new IllegalStateException("account " + state.accountId() + " opened twice");
            })
            .on(MoneyDeposited.class, (state, e) -> moveMoney(state, e, e.currency()))
            .on(MoneyWithdrawn.class, (state, e) -> moveMoney(state, e, e.currency()))
            .on(TransferSent.class, (state, e) -> moveMoney(state, e, e.currency()))
            .on(TransferReceived.class, (state, e) -> moveMoney(state, e, e.currency()))
            .on(AccountFrozen.class, (state, e) -> state.with(AccountStatus.FROZEN))
            .on(AccountUnfrozen.class, (state, e) -> state.with(AccountStatus.OPEN))
            .on(AccountClosed.class, (state, e) -> state.with(AccountStatus.CLOSED))
            .build();

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

    @Override
    public AccountState initialState() {
        return AccountState.NOT_OPENED;
    }

    /** The events that {@code command} produces on an account in {@code state}; never empty. */
    @Override
    public List<LedgerEvent> decide(AccountCommand command, AccountState state) {
        CommandValidation.accountId(command.accountId());
        if (state.exists() && !state.accountId().equals(command.accountId())) {
            throw new IllegalArgumentException("command for " + command.accountId() + " decided on the state of "
                    + state.accountId());
        }
        return List.of(command.accept(new Decisions(state)));
    }

    /** One method per command type, on one state. */
    private final class Decisions implements AccountCommand.Visitor<LedgerEvent> {

        private final AccountState state;

        Decisions(AccountState state) {
            this.state = state;
        }

        @Override
        public LedgerEvent open(OpenAccount command) {
            CommandValidation.ownerId(command.ownerId());
            CommandValidation.currency(command.currency());
            CommandValidation.overdraftLimit(command.overdraftLimit(), limits);
            if (state.exists()) {
                throw new DomainRejection(Rejection.ALREADY_OPEN, command.accountId(),
                        "account " + command.accountId() + " already exists");
            }
            return new AccountOpened(command.accountId(), command.ownerId(), command.currency(),
                    command.overdraftLimit());
        }

        @Override
        public LedgerEvent deposit(Deposit command) {
            CommandValidation.amount(command.amount(), limits, command.accountId());
            String reference = CommandValidation.reference(command.reference());
            Opened account = mustExist(state, command.accountId());
            mustNotBeClosed(account);
            mustStayWithinMaxBalance(account, command.amount());
            return new MoneyDeposited(account.accountId(), command.amount(), account.currency(), reference);
        }

        @Override
        public LedgerEvent withdraw(Withdraw command) {
            CommandValidation.amount(command.amount(), limits, command.accountId());
            String reference = CommandValidation.reference(command.reference());
            Opened account = mustExist(state, command.accountId());
            mustTakeDebits(account);
            mustCover(account, command.amount());
            return new MoneyWithdrawn(account.accountId(), command.amount(), account.currency(), reference);
        }

        @Override
        public LedgerEvent freeze(Freeze command) {
            String reason = CommandValidation.reason(command.reason());
            Opened account = mustExist(state, command.accountId());
            mustNotBeClosed(account);
            if (account.status() == AccountStatus.FROZEN) {
                throw new DomainRejection(Rejection.ALREADY_FROZEN, account.accountId(),
                        "account " + account.accountId() + " is already frozen");
            }
            return new AccountFrozen(account.accountId(), reason);
        }

        @Override
        public LedgerEvent unfreeze(Unfreeze command) {
            String reason = CommandValidation.reason(command.reason());
            Opened account = mustExist(state, command.accountId());
            mustNotBeClosed(account);
            if (account.status() != AccountStatus.FROZEN) {
                throw new DomainRejection(Rejection.NOT_FROZEN, account.accountId(),
                        "account " + account.accountId() + " is not frozen");
            }
            return new AccountUnfrozen(account.accountId(), reason);
        }

        @Override
        public LedgerEvent close(Close command) {
            Opened account = mustExist(state, command.accountId());
            mustTakeDebits(account);
            if (account.balance() != 0) {
                throw new DomainRejection(Rejection.NON_ZERO_BALANCE, account.accountId(),
                        "account " + account.accountId() + " has a balance of " + account.balance() + " "
                                + account.currency() + " minor units; only a zero balance can be closed");
            }
            return new AccountClosed(account.accountId());
        }
    }

    // The rules on one account, public so that a transfer applies the same ones to each of its sides.

    /** 404 unless the account was opened; else its opened state, for the checks that follow. */
    public Opened mustExist(AccountState state, String accountId) {
        return state.match(notOpened -> {
            throw new DomainRejection(Rejection.ACCOUNT_NOT_FOUND, accountId, "account " + accountId + " does not exist");
        }, opened -> opened);
    }

    /** A closed account takes nothing. */
    public void mustNotBeClosed(Opened account) {
        if (account.status() == AccountStatus.CLOSED) {
            throw new DomainRejection(Rejection.ACCOUNT_CLOSED, account.accountId(),
                    "account " + account.accountId() + " is closed");
        }
    }

    /** Debits (and closing) need an account that is neither closed nor frozen. */
    public void mustTakeDebits(Opened account) {
        mustNotBeClosed(account);
        if (account.status() == AccountStatus.FROZEN) {
            throw new DomainRejection(Rejection.ACCOUNT_FROZEN, account.accountId(),
                    "account " + account.accountId() + " is frozen");
        }
    }

    /** A debit of {@code amount} keeps the balance at or above minus the overdraft limit. */
    public void mustCover(Opened account, long amount) {
        // balance >= -overdraftLimit and amount <= maxAmount, both far from overflow (see DomainLimits).
        if (Math.subtractExact(account.balance(), amount) < -account.overdraftLimit()) {
            throw new DomainRejection(Rejection.INSUFFICIENT_FUNDS, account.accountId(),
                    "account " + account.accountId() + " can cover " + account.available() + " "
                            + account.currency() + " minor units, not " + amount);
        }
    }

    /** A credit of {@code amount} keeps the balance at or below {@link DomainLimits#maxBalance()}. */
    public void mustStayWithinMaxBalance(Opened account, long amount) {
        if (Math.addExact(account.balance(), amount) > limits.maxBalance()) {
            throw new DomainRejection(Rejection.BALANCE_LIMIT_EXCEEDED, account.accountId(),
                    "account " + account.accountId() + " would exceed the largest allowed balance of "
                            + limits.maxBalance() + " minor units");
        }
    }

    /**
     * Applies one recorded event. Events are facts, so no business rule is re-checked here; only a stream that cannot
     * be (an event before the account was opened, another account's event, another currency) is refused, with an
     * {@link IllegalStateException}: that is corruption, not a user error.
     */
    @Override
    public AccountState evolve(AccountState state, LedgerEvent event) {
        return state.match(notOpened -> {
            if (event instanceof AccountOpened opened) {
                return new Opened(AccountStatus.OPEN, opened.accountId(), opened.ownerId(), opened.currency(), 0L,
                        opened.overdraftLimit());
            }
            throw new IllegalStateException(event.getClass().getSimpleName() + " on account " + event.accountId()
                    + " before it was opened");
        }, opened -> {
            if (!opened.accountId().equals(event.accountId())) {
                throw new IllegalStateException("event of account " + event.accountId() + " in the stream of "
                        + opened.accountId());
            }
            return ON_OPENED.apply(opened, event);
        });
    }

    private static Opened moveMoney(Opened state, LedgerEvent event, String currency) {
        if (!state.currency().equals(currency)) {
            throw new IllegalStateException("event in " + currency + " on account " + state.accountId()
                    + " held in " + state.currency());
        }
        return state.withBalance(Math.addExact(state.balance(), event.balanceEffect()));
    }
}
