package dev.tally.views.backoffice.projection;

import java.util.List;

/** The status values the view stores, as the write side names them. */
public final class AccountStatuses {

    public static final String OPEN = "OPEN";
    /** Takes credits but no debits; still counts as an open (not closed) account. */
    public static final String FROZEN = "FROZEN";
    public static final String CLOSED = "CLOSED";
    public static final List<String> ALL = List.of(OPEN, FROZEN, CLOSED);

    private AccountStatuses() {
    }

    /** 1 when an account in this status counts among the open accounts (not closed), else 0; null = no account. */
    static long openCount(String status) {
        return status != null && !CLOSED.equals(status) ? 1 : 0;
    }

    static long frozenCount(String status) {
        return FROZEN.equals(status) ? 1 : 0;
    }
}
