package dev.tally.views.backoffice.projection;

import java.time.Instant;

/**
 * What one batch does to one account row. Either the account was opened in this batch ({@link #opened()}: the row
 * is inserted whole, {@link #balance()} is its balance) or it existed before (the row is updated:
 * {@link #balance()} is added to its balance, {@link #status()} replaces its status unless null).
 *
 * @param ownerId        owner, only for an account opened in the batch (else null)
 * @param currency       the account's currency if the batch shows it (its opening or a money event), else null
 * @param overdraftLimit only meaningful for an account opened in the batch
 * @param openedAt       only for an account opened in the batch (else null)
 * @param status         status after the batch; null when the batch did not touch an existing account's status
 * @param balance        opened: the balance; existing: the change of the balance, in minor units
 * @param updatedAt      time of the account's last event in the batch
 * @param version        stream version of the account's last event in the batch
 */
public record AccountChange(
        String accountId,
        boolean opened,
        String ownerId,
        String currency,
        long overdraftLimit,
        Instant openedAt,
        String status,
        long balance,
        Instant updatedAt,
        long version) {

    static AccountChange opening(String accountId, String ownerId, String currency, long overdraftLimit,
                                 Instant at, long version) {
        return new AccountChange(accountId, true, ownerId, currency, overdraftLimit, at, AccountStatuses.OPEN, 0L,
                at, version);
    }

    static AccountChange existing(String accountId, Instant at, long version) {
        return new AccountChange(accountId, false, null, null, 0L, null, null, 0L, at, version);
    }

    AccountChange next(String eventCurrency, long balanceEffect, String newStatus, Instant at, long newVersion) {
        return new AccountChange(accountId, opened, ownerId, currency == null ? eventCurrency : currency,
                overdraftLimit, openedAt,
                newStatus == null ? status : newStatus, Math.addExact(balance, balanceEffect), at, newVersion);
    }
}
