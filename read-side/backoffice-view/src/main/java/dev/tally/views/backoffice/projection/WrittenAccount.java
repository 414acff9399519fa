package dev.tally.views.backoffice.projection;

/**
 * What the account statement reports about a row it wrote, as far as the currency counters (accounts, open, frozen)
 * care: only the table knows whether an account existed before the batch and in which status.
 *
 * @param currency  the row's currency (null for an orphan that has not shown one)
 * @param oldStatus status before the batch ({@link Kind#STATUS_CHANGED} only)
 * @param newStatus status after the batch ({@link Kind#OPENED} and {@link Kind#STATUS_CHANGED})
 */
public record WrittenAccount(Kind kind, String accountId, String currency, String oldStatus, String newStatus) {

    public enum Kind {
        /** Inserted from its opening: one more account, from no status to {@code newStatus}. */
        OPENED,
        /** Inserted without an opening (dead-lettered): its money counts, the account does not. */
        ORPHAN,
        /** Existed and not an orphan; the batch changed its status. */
        STATUS_CHANGED,
        /** Existed, yet the batch holds an opening for it: the opening changes nothing but the version. */
        REOPENED
    }
}
