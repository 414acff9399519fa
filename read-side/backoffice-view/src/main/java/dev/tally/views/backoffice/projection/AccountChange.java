package dev.tally.views.backoffice.projection;

import java.time.Instant;

/**
 * What one batch does to one account row. The row is updated when it exists ({@link #balance()} is added to its
 * balance, {@link #status()} replaces its status unless null) and inserted otherwise (with the opening's fields, or as
 * an orphan without an owner when the batch has no opening for it: its opening was dead-lettered).
 *
 * @param opened         the batch holds the account's AccountOpened
 * @param ownerId        owner from the opening (else null)
 * @param currency       the account's currency if the batch shows it (its opening or a money event), else null
 * @param overdraftLimit from the opening (else 0)
 * @param openedAt       time of the opening (else null)
 * @param status         status set by the batch's freeze, unfreeze or close events; null if none (a new row is OPEN)
 * @param balance        the change of the balance by the batch, in minor units
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
        return new AccountChange(accountId, true, ownerId, currency, overdraftLimit, at, null, 0L, at, version);
    }

    static AccountChange existing(String accountId, Instant at, long version) {
        return new AccountChange(accountId, false, null, null, 0L, null, null, 0L, at, version);
    }

    /** The same change with a later event that has no opening's fields to give (any event but the first opening). */
    AccountChange next(String eventCurrency, long balanceEffect, String newStatus, Instant at, long newVersion) {
        return new AccountChange(accountId, opened, ownerId, currency == null ? eventCurrency : currency,
                overdraftLimit, openedAt,
                newStatus == null ? status : newStatus, Math.addExact(balance, balanceEffect), at, newVersion);
    }
}
