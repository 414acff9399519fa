package dev.tally.ledger.domain;

/**
 * A request to change one account. Transfers touch two accounts and are a separate {@link Transfer}.
 *
 * <p>Dispatch is by {@link #accept(Visitor)}: every command type implements it and names its own visitor method, so
 * a new command type does not compile until {@link Visitor} has a method for it, and every visitor then implements it.
 */
public sealed interface AccountCommand
        permits AccountCommand.OpenAccount, AccountCommand.Deposit, AccountCommand.Withdraw,
                AccountCommand.Freeze, AccountCommand.Unfreeze, AccountCommand.Close {

    /** The account (stream) the command is for. */
    String accountId();

    /** Calls the visitor's method for this command's type. */
    <R> R accept(Visitor<R> visitor);

    /** One method per command type: the exhaustive dispatch over commands. */
    interface Visitor<R> {
        R open(OpenAccount command);

        R deposit(Deposit command);

        R withdraw(Withdraw command);

        R freeze(Freeze command);

        R unfreeze(Unfreeze command);

        R close(Close command);
    }

    /** Open {@code accountId} (chosen by the caller, e.g. a fresh UUID) for {@code ownerId}. */
    record OpenAccount(String accountId, String ownerId, String currency, long overdraftLimit) implements AccountCommand {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.open(this);
        }
    }

    /** Pay {@code amount} minor units in; allowed on a frozen account, refused on a closed one. */
    record Deposit(String accountId, long amount, String reference) implements AccountCommand {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.deposit(this);
        }
    }

    /** Pay {@code amount} minor units out; a debit, so refused on frozen and closed accounts. */
    record Withdraw(String accountId, long amount, String reference) implements AccountCommand {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.withdraw(this);
        }
    }

    record Freeze(String accountId, String reason) implements AccountCommand {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.freeze(this);
        }
    }

    record Unfreeze(String accountId, String reason) implements AccountCommand {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.unfreeze(this);
        }
    }

    /** Close an account; needs a zero balance and an account that is not frozen. */
    record Close(String accountId) implements AccountCommand {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.close(this);
        }
    }
}
