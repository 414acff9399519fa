package dev.tally.views.accounts.fold;

/** What an account holder may still do with the account, as the view knows it. */
public enum AccountStatus {
    OPEN,
    /** Takes no debits until unfrozen; credits still land. */
    FROZEN,
    /** Takes nothing any more. */
    CLOSED
}
