package dev.tally.views.accounts.fold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.events.AccountClosed;
import dev.tally.events.AccountFrozen;
import dev.tally.events.AccountOpened;
import dev.tally.events.AccountUnfrozen;
import dev.tally.envelope.EventEnvelope;
import dev.tally.events.EventTypes;
import dev.tally.events.LedgerEvent;
import dev.tally.events.MoneyDeposited;
import dev.tally.events.MoneyWithdrawn;
import dev.tally.events.TransferReceived;
import dev.tally.events.TransferSent;
import dev.tally.projection.Applied;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The in-memory fold of a batch, without any engine. */
class AccountsFoldTest {

    private static final Instant T0 = Instant.parse("2026-01-31T12:00:00Z");
    private static final String A = "0b0f3c1e-0000-4000-8000-00000000000a";
    private static final String B = "0b0f3c1e-0000-4000-8000-00000000000b";

    private final Map<String, Long> versions = new HashMap<>();
    private long position;

    @Test
    void foldsABatchOfTwoInterleavedAccountsWithBalanceAfterEachLine() {
        List<Applied<LedgerEvent>> batch = List.of(
                event(new AccountOpened(A, "alice", "EUR", 500)),
                event(new AccountOpened(B, "bob", "EUR", 0)),
                event(new MoneyDeposited(A, 10_000, "EUR", "salary")),
                event(new MoneyWithdrawn(A, 2_500, "EUR", "rent")),
                event(new TransferSent(A, "t-1", B, 3_000, "EUR", "share")),
                event(new TransferReceived(B, "t-1", A, 3_000, "EUR", "share")),
                event(new MoneyWithdrawn(A, 4_800, "EUR", "car")));

        AccountsFold.FoldResult result = AccountsFold.fold(Map.of(), batch);

        assertEquals(List.of(A, B), result.accounts().stream().map(AccountState::accountId).toList());
        AccountState a = result.accounts().get(0);
        assertEquals(-300L, a.balance()); // 10000 - 2500 - 3000 - 4800, within the 500 overdraft
        assertEquals(5L, a.version());
        assertEquals(7L, a.lastPosition());
        assertEquals(AccountStatus.OPEN, a.status());
        assertEquals("alice", a.ownerId());
        assertEquals(500L, a.overdraftLimit());
        assertEquals(T0.plusSeconds(1), a.openedAt());
        assertEquals(T0.plusSeconds(7), a.updatedAt());
        AccountState b = result.accounts().get(1);
        assertEquals(3_000L, b.balance());
        assertEquals(2L, b.version());

        List<StatementEntry> entries = result.entries();
        assertEquals(5, entries.size());
        assertLine(entries.get(0), A, 2, EntryKind.DEPOSIT, 10_000, 10_000);
        assertLine(entries.get(1), A, 3, EntryKind.WITHDRAWAL, -2_500, 7_500);
        assertLine(entries.get(2), A, 4, EntryKind.TRANSFER_OUT, -3_000, 4_500);
        assertLine(entries.get(3), B, 2, EntryKind.TRANSFER_IN, 3_000, 3_000);
        assertLine(entries.get(4), A, 5, EntryKind.WITHDRAWAL, -4_800, -300);
        assertEquals(B, entries.get(2).counterpartyAccountId());
        assertEquals("t-1", entries.get(2).transferId());
        assertEquals(A, entries.get(3).counterpartyAccountId());
        assertEquals("rent", entries.get(1).reference());
        assertEquals(null, entries.get(1).transferId());
        assertEquals(4L, entries.get(1).position());
        assertEquals(T0.plusSeconds(4), entries.get(1).time());
    }

    @Test
    void continuesFromTheStoredStateAndTracksStatus() {
        AccountState stored = new AccountState(A, "alice", "USD", 1_000, 0, AccountStatus.OPEN, 4, T0, T0, 40);
        versions.put(A, 4L);
        position = 40;
        List<Applied<LedgerEvent>> batch = List.of(
                event(new AccountFrozen(A, "fraud check")),
                event(new MoneyDeposited(A, 250, "USD", "refund")),
                event(new AccountUnfrozen(A, "cleared")),
                event(new MoneyWithdrawn(A, 1_250, "USD", "all")));

        AccountsFold.FoldResult result = AccountsFold.fold(Map.of(A, stored), batch);

        AccountState a = result.accounts().get(0);
        assertEquals(0L, a.balance());
        assertEquals(8L, a.version());
        assertEquals(44L, a.lastPosition());
        assertEquals(AccountStatus.OPEN, a.status());
        assertEquals(T0, a.openedAt());
        assertEquals(List.of(6L, 8L), result.entries().stream().map(StatementEntry::version).toList());
        assertEquals(List.of(1_250L, 0L), result.entries().stream().map(StatementEntry::balanceAfter).toList());

        List<Applied<LedgerEvent>> closing = List.of(event(new AccountFrozen(A, "x")), event(new AccountClosed(A)));
        AccountState closed = AccountsFold.fold(Map.of(A, a), closing).accounts().get(0);
        assertEquals(AccountStatus.CLOSED, closed.status());
        assertEquals(10L, closed.version());
        assertTrue(AccountsFold.fold(Map.of(A, a), closing).entries().isEmpty());
    }

    @Test
    void eventsAtOrBelowTheStoredVersionChangeNothing() {
        List<Applied<LedgerEvent>> first = List.of(
                event(new AccountOpened(A, "alice", "EUR", 0)),
                event(new MoneyDeposited(A, 700, "EUR", "a")));
        AccountState stored = AccountsFold.fold(Map.of(), first).accounts().get(0);

        AccountsFold.FoldResult again = AccountsFold.fold(Map.of(A, stored), first);
        assertTrue(again.accounts().isEmpty());
        assertTrue(again.entries().isEmpty());

        // A redelivered prefix followed by a new event: only the new one counts.
        List<Applied<LedgerEvent>> mixed = new ArrayList<>(first);
        mixed.add(event(new MoneyDeposited(A, 50, "EUR", "b")));
        AccountsFold.FoldResult result = AccountsFold.fold(Map.of(A, stored), mixed);
        assertEquals(750L, result.accounts().get(0).balance());
        assertEquals(1, result.entries().size());
        assertEquals(750L, result.entries().get(0).balanceAfter());
    }

    @Test
    void aVersionTheRuntimeLetPastFoldsOnTopOfTheStoredState() {
        // Versions 3 and 4 were dead-lettered or skipped by the runtime: they took their versions without an apply.
        AccountState stored = new AccountState(A, "alice", "EUR", 100, 0, AccountStatus.OPEN, 2, T0, T0, 2);
        versions.put(A, 4L);
        position = 10;
        AccountsFold.FoldResult result = AccountsFold.fold(Map.of(A, stored),
                List.of(event(new MoneyWithdrawn(A, 30, "EUR", "x"))));
        assertEquals(70L, result.accounts().get(0).balance());
        assertEquals(5L, result.accounts().get(0).version());
        assertEquals(5L, result.entries().get(0).version());
    }

    @Test
    void eventsOfAnAccountWhoseOpeningWasNeverAppliedStillFoldTheirMoney() {
        versions.put(A, 1L); // the AccountOpened (version 1) was dead-lettered
        AccountsFold.FoldResult result = AccountsFold.fold(Map.of(), List.of(
                event(new MoneyDeposited(A, 900, "GBP", "a")),
                event(new AccountFrozen(A, "b"))));
        AccountState a = result.accounts().get(0);
        assertEquals(null, a.ownerId());
        assertEquals("GBP", a.currency());
        assertEquals(900L, a.balance());
        assertEquals(3L, a.version());
        assertEquals(AccountStatus.FROZEN, a.status());
        assertEquals(List.of(900L), result.entries().stream().map(StatementEntry::balanceAfter).toList());
    }

    private static void assertLine(StatementEntry line, String account, long version, EntryKind kind, long amount,
            long balanceAfter) {
        assertEquals(account, line.accountId());
        assertEquals(version, line.version());
        assertEquals(kind, line.kind());
        assertEquals(amount, line.amount());
        assertEquals(balanceAfter, line.balanceAfter());
    }

    /** The next event of its stream, at the next global position, one second after the previous one. */
    private Applied<LedgerEvent> event(LedgerEvent event) {
        long version = versions.merge(event.accountId(), 1L, Long::sum);
        position++;
        EventTypes types = EventTypes.ledger();
        String name = types.nameOf(event);
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), name, types.currentVersion(name),
                event.accountId(), version, position, T0.plusSeconds(position), null, null, null, null,
                types.serialize(event));
        return new Applied<>(envelope, event);
    }
}
