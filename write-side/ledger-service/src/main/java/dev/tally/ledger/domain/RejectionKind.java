package dev.tally.ledger.domain;

/**
 * What kind of "no" a rejection is; the HTTP layer maps kinds to status codes (suggested mapping in brackets).
 */
public enum RejectionKind {
    /** The command itself is malformed or out of bounds, whatever the state [400]. */
    INVALID_INPUT,
    /** The account does not exist [404]. */
    NOT_FOUND,
    /** The account's lifecycle state forbids the command right now (frozen, closed, already open...) [409]. */
    STATE_CONFLICT,
    /** The command is well-formed and the account in the right state, but a money rule forbids it [422]. */
    BUSINESS_RULE
}
