package dev.tally.ledger.domain;

/** A request to change one account. Transfers touch two accounts and are a separate {@link Transfer}. */
public sealed interface AccountCommand
        permits AccountCommand.OpenAccount, AccountCommand.Deposit, AccountCommand.Withdraw,
                AccountCommand.Freeze, AccountCommand.Unfreeze, AccountCommand.Close {

    /** The account (stream) the command is for. */
    String accountId();

    /** Open {@code accountId} (chosen by the caller, e.g. a fresh UUID) for {@code ownerId}. */
    record OpenAccount(String accountId, String ownerId, String currency, long overdraftLimit) implements AccountCommand {
    }

    /** Pay {@code amount} minor units in; allowed on a frozen account, refused on a closed one. */
    record Deposit(String accountId, long amount, String reference) implements AccountCommand {
    }

    /** Pay {@code amount} minor units out; a debit, so refused on frozen and closed accounts. */
    record Withdraw(String accountId, long amount, String reference) implements AccountCommand {
    }

    record Freeze(String accountId, String reason) implements AccountCommand {
    }

    record Unfreeze(String accountId, String reason) implements AccountCommand {
    }

    /** Close an account; needs a zero balance and an account that is not frozen. */
    record Close(String accountId) implements AccountCommand {
    }
}
