package dev.tally.events;

import java.util.List;

/** One realistic instance of every event type, current version. */
final class SampleEvents {

    static final String ACCOUNT = "acc-7d1f0c2e";
    static final String OTHER_ACCOUNT = "acc-91b3aa40";
    static final String TRANSFER = "trf-5e0d7b11";

    static List<LedgerEvent> all() {
        return List.of(
                new AccountOpened(ACCOUNT, "user-42", "EUR", 50_000L),
                new MoneyDeposited(ACCOUNT, 125_00L, "EUR", "salary november"),
                new MoneyWithdrawn(ACCOUNT, 40_00L, "EUR", ""),
                new TransferSent(ACCOUNT, TRANSFER, OTHER_ACCOUNT, 12_34L, "EUR", "rent"),
                new TransferReceived(OTHER_ACCOUNT, TRANSFER, ACCOUNT, 12_34L, "EUR", "rent"),
                new AccountFrozen(ACCOUNT, "suspicious activity"),
                new AccountUnfrozen(ACCOUNT, "cleared by compliance"),
                new AccountClosed(ACCOUNT));
    }

    private SampleEvents() {
    }
}
