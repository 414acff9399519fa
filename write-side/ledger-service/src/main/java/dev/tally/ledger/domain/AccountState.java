package dev.tally.ledger.domain;

/**
 * What the decider needs to know about one account: the fold of its stream. Also the snapshot payload, stored as
 * JSON (Jackson record) together with {@link #STATE_SCHEMA_VERSION}; a snapshot with another version is ignored and
 * the state rebuilt from the events, so changing this record only needs a version bump.
 *
 * @param status         lifecycle state
 * @param accountId      null until opened
 * @param ownerId        null until opened
 * @param currency       ISO-4217 code; null until opened
 * @param balance        minor units, never below {@code -overdraftLimit}
 * @param overdraftLimit minor units, zero or positive
 */
public record AccountState(
        AccountStatus status,
        String accountId,
        String ownerId,
        String currency,
        long balance,
        long overdraftLimit) {

    /** Version of this record's JSON form in snapshots. */
    public static final int STATE_SCHEMA_VERSION = 1;

    /** The state of an empty stream. */
    public static final AccountState NOT_OPENED = new AccountState(AccountStatus.NOT_OPENED, null, null, null, 0L, 0L);

    public AccountState {
        if (status == null) {
            throw new IllegalArgumentException("status is required");
        }
    }

    /** True once the account has been opened (whatever happened since). */
    public boolean exists() {
        return status != AccountStatus.NOT_OPENED;
    }

    /** How much may still be debited: balance plus overdraft limit. */
    public long available() {
        return balance + overdraftLimit;
    }

    AccountState with(AccountStatus newStatus) {
        return new AccountState(newStatus, accountId, ownerId, currency, balance, overdraftLimit);
    }

    AccountState withBalance(long newBalance) {
        return new AccountState(status, accountId, ownerId, currency, newBalance, overdraftLimit);
    }
}
