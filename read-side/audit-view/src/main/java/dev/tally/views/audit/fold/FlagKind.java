package dev.tally.views.audit.fold;

/** Why compliance should look at an event. */
public enum FlagKind {
    /** One money movement of at least the configured amount (deposits, withdrawals, both halves of a transfer). */
    LARGE_AMOUNT,
    /** More than the configured number of debits on one account within the configured window (by event time). */
    RAPID_BURST
}
