package dev.tally.views.audit.fold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.events.AccountFrozen;
import dev.tally.events.AccountOpened;
import dev.tally.envelope.EventEnvelope;
import dev.tally.events.EventTypes;
import dev.tally.events.LedgerEvent;
import dev.tally.events.MoneyDeposited;
import dev.tally.events.MoneyWithdrawn;
import dev.tally.events.TransferReceived;
import dev.tally.events.TransferSent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The batch fold without a database: journal rows, balances, currencies and flags. */
class AuditFoldTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private final AuditFold fold = new AuditFold(new FlagRules(1_000_000, 5, Duration.ofMinutes(10)));
    private final List<AuditFold.Input> inputs = new ArrayList<>();
    private long position = 100;

    @Test
    void journalCarriesSignedAmountsAndRunningBalancesAndFlagsLargeMovements() {
        add("a", 1, 0, new AccountOpened("a", "owner-1", "EUR", 50_000));
        add("a", 2, 1, new MoneyDeposited("a", 5_000, "EUR", "salary"));
        add("a", 3, 2, new MoneyWithdrawn("a", 1_200, "EUR", "rent"));
        add("a", 4, 3, new MoneyDeposited("a", 1_500_000, "EUR", "inheritance"));
        add("a", 5, 4, new TransferSent("a", "t1", "b", 2_000_000, "EUR", "house"));
        add("a", 6, 5, new AccountFrozen("a", "review"));

        AuditFold.Result result = fold.fold(Map.of(), inputs);

        assertEquals(List.of(101L, 102L, 103L, 104L, 105L, 106L), result.journal().stream().map(JournalEntry::position).toList());
        assertEquals(List.of(0L, 5_000L, -1_200L, 1_500_000L, -2_000_000L, 0L),
                result.journal().stream().map(JournalEntry::amount).toList());
        assertEquals(List.of(0L, 5_000L, 3_800L, 1_503_800L, -496_200L, -496_200L),
                result.journal().stream().map(JournalEntry::balanceAfter).toList());
        assertTrue(result.journal().stream().allMatch(e -> "EUR".equals(e.currency())), "frozen event keeps the account currency");
        assertEquals(List.of("AccountOpened", "MoneyDeposited", "MoneyWithdrawn", "MoneyDeposited", "TransferSent", "AccountFrozen"),
                result.journal().stream().map(JournalEntry::type).toList());

        assertEquals(List.of("104-LARGE_AMOUNT", "105-LARGE_AMOUNT"), result.flags().stream().map(Flag::id).toList());
        assertEquals(List.of(FlagKind.LARGE_AMOUNT, FlagKind.LARGE_AMOUNT), result.flags().stream().map(Flag::kind).toList());
        assertEquals(T0.plusSeconds(3 * 60), result.flags().get(0).time());
        assertTrue(result.flags().get(1).detail().contains("2000000 EUR"), result.flags().get(1).detail());

        AccountAudit a = result.accounts().get("a");
        assertEquals(-496_200L, a.balance());
        assertEquals(6L, a.version());
        assertEquals("EUR", a.currency());
        assertEquals(List.of(AuditFold.toMicros(T0.plusSeconds(120)), AuditFold.toMicros(T0.plusSeconds(240))),
                a.debits().recentMicros());
    }

    @Test
    void continuesFromTheStoredStateOfAnAccount() {
        var stored = new AccountAudit("a", "USD", 700, 3, FlagRules.DebitWindow.EMPTY);
        add("a", 4, 0, new MoneyDeposited("a", 300, "USD", "x"));
        add("a", 5, 1, new AccountFrozen("a", "why"));

        AuditFold.Result result = fold.fold(Map.of("a", stored), inputs);

        assertEquals(List.of(1_000L, 1_000L), result.journal().stream().map(JournalEntry::balanceAfter).toList());
        assertEquals(List.of("USD", "USD"), result.journal().stream().map(JournalEntry::currency).toList());
        assertEquals(new AccountAudit("a", "USD", 1_000, 5, FlagRules.DebitWindow.EMPTY), result.accounts().get("a"));
    }

    @Test
    void interleavedAccountsFoldSeparatelyAndBothHalvesOfALargeTransferAreFlagged() {
        add("a", 1, 0, new AccountOpened("a", "o", "EUR", 0));
        add("b", 1, 0, new AccountOpened("b", "o", "EUR", 0));
        add("a", 2, 1, new MoneyDeposited("a", 3_000_000, "EUR", "x"));
        add("a", 3, 2, new TransferSent("a", "t", "b", 1_000_000, "EUR", "x"));
        add("b", 2, 2, new TransferReceived("b", "t", "a", 1_000_000, "EUR", "x"));

        AuditFold.Result result = fold.fold(Map.of(), inputs);

        assertEquals(List.of(0L, 0L, 3_000_000L, 2_000_000L, 1_000_000L),
                result.journal().stream().map(JournalEntry::balanceAfter).toList());
        assertEquals(List.of("a", "a", "b"), result.flags().stream().map(Flag::accountId).toList());
        assertEquals(2_000_000L, result.accounts().get("a").balance());
        assertEquals(1_000_000L, result.accounts().get("b").balance());
        // a credit is not a debit: b has no debits to remember
        assertEquals(List.of(), result.accounts().get("b").debits().recentMicros());
    }

    @Test
    void aBurstIsDetectedAcrossBatchesFromTheStoredDebits() {
        // five debits stored from earlier batches, the last at 09:04
        List<Long> earlier = new ArrayList<>();
        for (int m = 0; m < 5; m++) {
            earlier.add(AuditFold.toMicros(T0.plusSeconds(m * 60L)));
        }
        var stored = new AccountAudit("a", "EUR", 10_000, 7, new FlagRules.DebitWindow(earlier, false));
        add("a", 8, 5, new MoneyDeposited("a", 50, "EUR", "credits do not count"));
        add("a", 9, 6, new TransferSent("a", "t", "b", 10, "EUR", "sixth debit"));
        add("a", 10, 7, new MoneyWithdrawn("a", 10, "EUR", "seventh, same burst"));

        AuditFold.Result result = fold.fold(Map.of("a", stored), inputs);

        assertEquals(1, result.flags().size());
        Flag burst = result.flags().get(0);
        assertEquals(FlagKind.RAPID_BURST, burst.kind());
        assertEquals(102L, burst.position());
        assertEquals("102-RAPID_BURST", burst.id());
        assertEquals(T0.plusSeconds(6 * 60), burst.time());
        assertTrue(burst.detail().startsWith("6 debits within 10 min (from 2026-03-02T09:00:00Z to 2026-03-02T09:06:00Z)"),
                burst.detail());
        assertTrue(result.accounts().get("a").debits().inBurst());
    }

    @Test
    void eventTimesAreKeptToTheMicrosecondAsPostgresqlDoes() {
        inputs.add(input("a", 1, T0.plusNanos(123_456_789), new AccountOpened("a", "o", "EUR", 0)));

        JournalEntry entry = fold.fold(Map.of(), inputs).journal().get(0);

        assertEquals(Instant.parse("2026-03-02T09:00:00.123456Z"), entry.time());
    }

    @Test
    void anAccountWhoseOpeningNeverArrivedFoldsFromZeroWithTheCurrencyOfItsMoney() {
        add("z", 4, 0, new AccountFrozen("z", "no opening seen"));
        add("z", 5, 1, new MoneyDeposited("z", 10, "CHF", "x"));

        AuditFold.Result result = fold.fold(Map.of(), inputs);

        assertNull(result.journal().get(0).currency());
        assertEquals("CHF", result.journal().get(1).currency());
        assertEquals(10L, result.journal().get(1).balanceAfter());
    }

    @Test
    void envelopeMetadataIsCopiedAsReceived() {
        LedgerEvent event = new MoneyDeposited("a", 10, "EUR", "ref");
        UUID id = UUID.randomUUID();
        byte[] data = EventTypes.ledger().serialize(event);
        inputs.add(new AuditFold.Input(new EventEnvelope(id, "MoneyDeposited", 1, "a", 2, 77, T0, "corr", "cause",
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "user-9", data), event));

        JournalEntry entry = fold.fold(Map.of(), inputs).journal().get(0);

        assertEquals(new JournalEntry(77, id, "MoneyDeposited", 1, "a", 2, T0, "corr", "cause", "user-9", 10, "EUR", 10,
                "{\"accountId\":\"a\",\"amount\":10,\"currency\":\"EUR\",\"reference\":\"ref\"}"), entry);
    }

    @Test
    void anySplitIntoBatchesGivesTheSameJournalFlagsAndStateAsOneBatch() {
        java.util.Random random = new java.util.Random(20260302);
        List<String> accounts = List.of("a", "b", "c");
        Map<String, Long> versions = new java.util.HashMap<>();
        for (String account : accounts) {
            versions.put(account, 1L);
            add(account, 1, 0, new AccountOpened(account, "o", "EUR", 0));
        }
        Instant time = T0;
        for (int i = 0; i < 400; i++) {
            String account = accounts.get(random.nextInt(accounts.size()));
            long version = versions.merge(account, 1L, Long::sum);
            time = time.plusSeconds(random.nextInt(90));
            long amount = random.nextInt(5) == 0 ? 1_000_000 + random.nextInt(1000) : 1 + random.nextInt(5_000);
            LedgerEvent event = switch (random.nextInt(4)) {
                case 0 -> new MoneyDeposited(account, amount, "EUR", "d");
                case 1 -> new MoneyWithdrawn(account, amount, "EUR", "w");
                case 2 -> new TransferSent(account, "t" + i, "x", amount, "EUR", "s");
                default -> new AccountFrozen(account, "f");
            };
            inputs.add(input(account, version, time, event));
        }
        AuditFold.Result whole = fold.fold(Map.of(), inputs);
        assertTrue(whole.flags().stream().anyMatch(f -> f.kind() == FlagKind.RAPID_BURST), "the workload has bursts");

        for (int round = 0; round < 20; round++) {
            Map<String, AccountAudit> stored = new java.util.HashMap<>();
            List<JournalEntry> journal = new ArrayList<>();
            List<Flag> flags = new ArrayList<>();
            int from = 0;
            while (from < inputs.size()) {
                int to = Math.min(inputs.size(), from + 1 + random.nextInt(40));
                AuditFold.Result part = fold.fold(Map.copyOf(stored), inputs.subList(from, to));
                journal.addAll(part.journal());
                flags.addAll(part.flags());
                stored.putAll(part.accounts());
                from = to;
            }
            assertEquals(whole.journal(), journal);
            assertEquals(whole.flags(), flags);
            assertEquals(whole.accounts(), stored);
        }
    }

    private void add(String account, long version, int minute, LedgerEvent event) {
        inputs.add(input(account, version, T0.plusSeconds(minute * 60L), event));
    }

    private AuditFold.Input input(String account, long version, Instant time, LedgerEvent event) {
        EventTypes types = EventTypes.ledger();
        String type = types.nameOf(event);
        var envelope = new EventEnvelope(UUID.randomUUID(), type, types.currentVersion(type), account, version, ++position,
                time, null, null, null, null, types.serialize(event));
        return new AuditFold.Input(envelope, event);
    }
}
