package dev.tally.views.accounts.fold;

import dev.tally.events.AccountClosed;
import dev.tally.events.AccountFrozen;
import dev.tally.events.AccountOpened;
import dev.tally.events.AccountUnfrozen;
import dev.tally.events.LedgerEvent;
import dev.tally.events.MoneyDeposited;
import dev.tally.events.MoneyWithdrawn;
import dev.tally.events.TransferReceived;
import dev.tally.events.TransferSent;
import java.time.Instant;

/**
 * One row of the accounts table: an account after the events up to {@code version} of its stream.
 *
 * @param balance        minor units of {@code currency}; negative down to {@code -overdraftLimit}
 * @param version        the stream version this state reflects
 * @param lastPosition   global position of the event that produced this state
 */
public record AccountState(
        String accountId,
        String ownerId,
        String currency,
        long balance,
        long overdraftLimit,
        AccountStatus status,
        long version,
        Instant openedAt,
        Instant updatedAt,
        long lastPosition) {

    /** The state an {@code AccountOpened} event creates. */
    public static AccountState opened(AccountOpened opened, long version, long position, Instant time) {
        return new AccountState(opened.accountId(), opened.ownerId(), opened.currency(), 0L, opened.overdraftLimit(),
                AccountStatus.OPEN, version, time, time, position);
    }

    /**
     * Stands in for an account whose {@code AccountOpened} the view never applied (dead-lettered as broken): owner
     * and currency unknown (null; the currency is taken from its first money event), no overdraft, version 0.
     */
    public static AccountState unknownOpening(String accountId, Instant time) {
        return new AccountState(accountId, null, null, 0L, 0L, AccountStatus.OPEN, 0L, time, time, 0L);
    }

    /**
     * The state after {@code event} at the given stream version. A second {@code AccountOpened} (the write side never
     * appends one) changes nothing but the version.
     */
    public AccountState after(LedgerEvent event, long newVersion, long position, Instant time) {
        AccountStatus newStatus = status;
        if (event instanceof AccountFrozen) {
            newStatus = AccountStatus.FROZEN;
        } else if (event instanceof AccountUnfrozen) {
            newStatus = AccountStatus.OPEN;
        } else if (event instanceof AccountClosed) {
            newStatus = AccountStatus.CLOSED;
        }
        String newCurrency = currency == null ? currencyOf(event) : currency;
        return new AccountState(accountId, ownerId, newCurrency, Math.addExact(balance, event.balanceEffect()),
                overdraftLimit, newStatus, newVersion, openedAt, time, position);
    }

    private static String currencyOf(LedgerEvent event) {
        if (event instanceof MoneyDeposited d) {
            return d.currency();
        }
        if (event instanceof MoneyWithdrawn w) {
            return w.currency();
        }
        if (event instanceof TransferSent s) {
            return s.currency();
        }
        if (event instanceof TransferReceived r) {
            return r.currency();
        }
        return null;
    }
}
