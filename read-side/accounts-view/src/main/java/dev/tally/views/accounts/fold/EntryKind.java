package dev.tally.views.accounts.fold;

/** The kind of a statement line: every event that moves money on the account, and only those. */
public enum EntryKind {
    DEPOSIT,
    WITHDRAWAL,
    TRANSFER_IN,
    TRANSFER_OUT
}
