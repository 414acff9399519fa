package dev.tally.ledger.domain;

import dev.tally.decider.Decider;
import dev.tally.events.LedgerEvent;
import dev.tally.events.TransferReceived;
import dev.tally.events.TransferSent;
import dev.tally.ledger.domain.AccountState.Opened;

import java.util.List;

/**
 * A transfer as a {@link Decider} over both accounts' states ({@link AccountStates}): it decides one event per account,
 * {@link TransferSent} for the source then {@link TransferReceived} for the destination, and evolves each account
 * with the {@link AccountDecider}, by the event's account id. The source must take debits (open, not frozen) and
 * cover the amount within its overdraft limit; the destination must exist and not be closed (a frozen destination
 * still takes the credit); both must hold the same currency; an account never pays itself. Each side's rules are the
 * account decider's own (its public rule methods).
 *
 * <p>Check order: the command's fields, same account, existence (source, then destination), lifecycle state
 * (source, then destination), currency, funds, destination's balance cap.
 */
public final class TransferDecider implements Decider<Transfer, AccountStates, LedgerEvent> {

    private final DomainLimits limits;
    private final AccountDecider accounts;

    public TransferDecider() {
        this(DomainLimits.DEFAULT);
    }

    public TransferDecider(DomainLimits limits) {
        this.limits = limits;
        this.accounts = new AccountDecider(limits);
    }

    @Override
    public AccountStates initialState() {
        return AccountStates.none();
    }

    /** {@code [TransferSent, TransferReceived]}: the source's event, then the destination's. */
    @Override
    public List<LedgerEvent> decide(Transfer command, AccountStates states) {
        CommandValidation.transferId(command.transferId());
        CommandValidation.accountId(command.fromAccountId());
        CommandValidation.accountId(command.toAccountId());
        CommandValidation.amount(command.amount(), limits, command.fromAccountId());
        String reference = CommandValidation.reference(command.reference());
        if (command.fromAccountId().equals(command.toAccountId())) {
            throw new DomainRejection(Rejection.SAME_ACCOUNT, command.fromAccountId(),
                    "account " + command.fromAccountId() + " cannot transfer to itself");
        }
        AccountState fromState = belonging(states, command.fromAccountId());
        AccountState toState = belonging(states, command.toAccountId());

        Opened from = accounts.mustExist(fromState, command.fromAccountId());
        Opened to = accounts.mustExist(toState, command.toAccountId());
        accounts.mustTakeDebits(from);
        accounts.mustNotBeClosed(to);
        if (!from.currency().equals(to.currency())) {
            throw new DomainRejection(Rejection.CURRENCY_MISMATCH, to.accountId(),
                    "account " + from.accountId() + " holds " + from.currency() + " but account " + to.accountId()
                            + " holds " + to.currency());
        }
        accounts.mustCover(from, command.amount());
        accounts.mustStayWithinMaxBalance(to, command.amount());

        return List.of(
                new TransferSent(from.accountId(), command.transferId(), to.accountId(), command.amount(),
                        from.currency(), reference),
                new TransferReceived(to.accountId(), command.transferId(), from.accountId(), command.amount(),
                        to.currency(), reference));
    }

    /** The same decision on the two accounts' states given one by one. */
    public TransferDecision decide(Transfer command, AccountState from, AccountState to) {
        List<LedgerEvent> events = decide(command,
                AccountStates.of(command.fromAccountId(), from, command.toAccountId(), to));
        return new TransferDecision((TransferSent) events.get(0), (TransferReceived) events.get(1));
    }

    /** Applies the event to the account it belongs to. */
    @Override
    public AccountStates evolve(AccountStates states, LedgerEvent event) {
        return states.with(event.accountId(), accounts.evolve(states.get(event.accountId()), event));
    }

    private static AccountState belonging(AccountStates states, String accountId) {
        AccountState state = states.get(accountId);
        if (state.exists() && !state.accountId().equals(accountId)) {
            throw new IllegalArgumentException("transfer for " + accountId + " decided on the state of "
                    + state.accountId());
        }
        return state;
    }
}
