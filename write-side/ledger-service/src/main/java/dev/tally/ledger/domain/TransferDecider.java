package dev.tally.ledger.domain;

import dev.tally.events.TransferReceived;
import dev.tally.events.TransferSent;

/**
 * A transfer decided against the states of both accounts. The source must take debits (open, not frozen) and
 * cover the amount within its overdraft limit; the destination must exist and not be closed (a frozen destination
 * still takes the credit); both must hold the same currency; an account never pays itself.
 *
 * <p>Check order: the command's fields, same account, existence (source, then destination), lifecycle state
 * (source, then destination), currency, funds, destination's balance cap.
 */
public final class TransferDecider {

    private final DomainLimits limits;

    public TransferDecider() {
        this(DomainLimits.DEFAULT);
    }

    public TransferDecider(DomainLimits limits) {
        this.limits = limits;
    }

    public TransferDecision decide(Transfer command, AccountState from, AccountState to) {
        CommandValidation.transferId(command.transferId());
        CommandValidation.accountId(command.fromAccountId());
        CommandValidation.accountId(command.toAccountId());
        CommandValidation.amount(command.amount(), limits, command.fromAccountId());
        String reference = CommandValidation.reference(command.reference());
        if (command.fromAccountId().equals(command.toAccountId())) {
            throw new DomainRejection(Rejection.SAME_ACCOUNT, command.fromAccountId(),
                    "account " + command.fromAccountId() + " cannot transfer to itself");
        }
        checkBelongs(from, command.fromAccountId());
        checkBelongs(to, command.toAccountId());

        AccountDecider.mustExist(from, command.fromAccountId());
        AccountDecider.mustExist(to, command.toAccountId());
        AccountDecider.mustTakeDebits(from);
        AccountDecider.mustNotBeClosed(to);
        if (!from.currency().equals(to.currency())) {
            throw new DomainRejection(Rejection.CURRENCY_MISMATCH, to.accountId(),
                    "account " + from.accountId() + " holds " + from.currency() + " but account " + to.accountId()
                            + " holds " + to.currency());
        }
        AccountDecider.mustCover(from, command.amount());
        AccountDecider.mustStayWithinMaxBalance(to, command.amount(), limits);

        return new TransferDecision(
                new TransferSent(from.accountId(), command.transferId(), to.accountId(), command.amount(),
                        from.currency(), reference),
                new TransferReceived(to.accountId(), command.transferId(), from.accountId(), command.amount(),
                        to.currency(), reference));
    }

    private static void checkBelongs(AccountState state, String accountId) {
        if (state.exists() && !state.accountId().equals(accountId)) {
            throw new IllegalArgumentException("transfer for " + accountId + " decided on the state of "
                    + state.accountId());
        }
    }
}
