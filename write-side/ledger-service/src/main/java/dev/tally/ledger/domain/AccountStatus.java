package dev.tally.ledger.domain;

public enum AccountStatus {
    /** No AccountOpened yet: the stream is empty. */
    NOT_OPENED,
    OPEN,
    /** Takes credits but no debits. */
    FROZEN,
    /** Takes nothing. */
    CLOSED
}
