package dev.tally.views.backoffice.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random ledgers folded through {@link BatchAggregate} into a map model of the three tables (the same
 * insert-or-add rules the SQL applies), in batches of random sizes: the result must equal a plain event-by-event
 * reference fold written independently here, and satisfy the conservation law per currency.
 */
class BatchSplittingTest {

    private static final EventTypes TYPES = EventTypes.ledger();
    private static final List<String> CURRENCIES = List.of("EUR", "USD", "GBP");

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void anySplitIntoBatchesGivesTheReferenceFold(long seed) {
        Random random = new Random(seed);
        List<Applied<LedgerEvent>> log = new LedgerGenerator(random).events(2_000);
        assertEquals(8, log.stream().map(applied -> applied.envelope().type()).distinct().count(),
                "the ledger has every kind of event");

        TableModel tables = new TableModel();
        for (int from = 0; from < log.size(); ) {
            int to = Math.min(log.size(), from + 1 + random.nextInt(random.nextBoolean() ? 5 : 300));
            tables.apply(log.subList(from, to));
            from = to;
        }

        Reference reference = Reference.of(log);
        assertEquals(reference.accounts, tables.accounts);
        assertEquals(lists(reference.totals), lists(tables.totals));
        assertEquals(lists(reference.volumes), lists(tables.volumes));
        for (long[] totals : tables.totals.values()) {
            assertEquals(totals[3] - totals[4], totals[6], "sum of balances = deposited - withdrawn");
        }
    }

    private static Map<String, List<Long>> lists(Map<String, long[]> table) {
        Map<String, List<Long>> rows = new TreeMap<>();
        table.forEach((key, row) -> rows.put(key, java.util.Arrays.stream(row).boxed().toList()));
        return rows;
    }

    /** Account row of the model: owner, currency, status, balance, opened at, updated at, version. */
    record Row(String owner, String currency, String status, long balance, Instant openedAt, Instant updatedAt,
               long version) {
    }

    /** The three tables as maps; totals and volumes rows are arrays in the column order of the SQL tables. */
    static final class TableModel {
        final Map<String, Row> accounts = new TreeMap<>();
        // accounts, open, frozen, deposited, withdrawn, transferred, sum of balances
        final Map<String, long[]> totals = new TreeMap<>();
        // deposited, withdrawn, transferred, deposit count, withdrawal count, transfer count
        final Map<String, long[]> volumes = new TreeMap<>();

        void apply(List<Applied<LedgerEvent>> batch) {
            BatchAggregate aggregate = BatchAggregate.of(batch);
            // What the account statement does: update the rows that exist, insert the others, report the rows.
            List<WrittenAccount> written = new ArrayList<>();
            for (AccountChange change : aggregate.accountChanges()) {
                Row old = accounts.get(change.accountId());
                if (old == null) {
                    String status = change.status() == null ? "OPEN" : change.status();
                    accounts.put(change.accountId(), new Row(change.ownerId(), change.currency(), status,
                            change.balance(), change.openedAt(), change.updatedAt(), change.version()));
                    written.add(new WrittenAccount(change.ownerId() == null ? WrittenAccount.Kind.ORPHAN
                            : WrittenAccount.Kind.OPENED, change.accountId(), change.currency(), null, status));
                } else {
                    String status = change.status() == null ? old.status() : change.status();
                    accounts.put(change.accountId(), new Row(old.owner(), old.currency(), status,
                            old.balance() + change.balance(), old.openedAt(), change.updatedAt(), change.version()));
                    if (change.status() != null && !old.status().equals(status)) {
                        written.add(new WrittenAccount(WrittenAccount.Kind.STATUS_CHANGED, change.accountId(),
                                old.currency(), old.status(), status));
                    }
                }
            }
            for (CurrencyDelta delta : aggregate.currencyDeltas(written)) {
                add(totals, delta.currency(), delta.accounts(), delta.openAccounts(), delta.frozenAccounts(),
                        delta.deposited(), delta.withdrawn(), delta.transferred(), delta.balances());
            }
            for (DailyVolumeDelta delta : aggregate.dailyVolumes()) {
                add(volumes, delta.day() + "/" + delta.currency(), delta.deposited(), delta.withdrawn(),
                        delta.transferred(), delta.depositCount(), delta.withdrawalCount(), delta.transferCount());
            }
        }

        private static void add(Map<String, long[]> table, String key, long... deltas) {
            long[] row = table.computeIfAbsent(key, k -> new long[deltas.length]);
            for (int i = 0; i < deltas.length; i++) {
                row[i] += deltas[i];
            }
        }
    }

    /** The same tables computed event by event straight from the log, without BatchAggregate. */
    static final class Reference {
        final Map<String, Row> accounts = new TreeMap<>();
        final Map<String, long[]> totals = new TreeMap<>();
        final Map<String, long[]> volumes = new TreeMap<>();

        static Reference of(List<Applied<LedgerEvent>> log) {
            Reference reference = new Reference();
            for (Applied<LedgerEvent> applied : log) {
                reference.fold(applied.envelope(), applied.event());
            }
            for (Row row : reference.accounts.values()) {
                long[] totals = reference.totals.computeIfAbsent(row.currency(), c -> new long[7]);
                totals[0]++;
                totals[1] += row.status().equals("CLOSED") ? 0 : 1;
                totals[2] += row.status().equals("FROZEN") ? 1 : 0;
                totals[6] += row.balance();
            }
            return reference;
        }

        private void fold(EventEnvelope envelope, LedgerEvent event) {
            Instant at = envelope.time();
            if (event instanceof AccountOpened opened) {
                accounts.put(opened.accountId(), new Row(opened.ownerId(), opened.currency(), "OPEN", 0, at, at,
                        envelope.streamVersion()));
                return;
            }
            Row old = accounts.get(event.accountId());
            String status = event instanceof AccountFrozen ? "FROZEN"
                    : event instanceof AccountUnfrozen ? "OPEN"
                    : event instanceof AccountClosed ? "CLOSED" : old.status();
            accounts.put(event.accountId(), new Row(old.owner(), old.currency(), status,
                    old.balance() + event.balanceEffect(), old.openedAt(), at, envelope.streamVersion()));
            String day = LocalDate.ofInstant(at, ZoneOffset.UTC) + "/" + old.currency();
            if (event instanceof MoneyDeposited deposit) {
                totals(old.currency())[3] += deposit.amount();
                volume(day)[0] += deposit.amount();
                volume(day)[3]++;
            } else if (event instanceof MoneyWithdrawn withdrawal) {
                totals(old.currency())[4] += withdrawal.amount();
                volume(day)[1] += withdrawal.amount();
                volume(day)[4]++;
            } else if (event instanceof TransferSent sent) {
                totals(old.currency())[5] += sent.amount();
                volume(day)[2] += sent.amount();
                volume(day)[5]++;
            }
        }

        private long[] totals(String currency) {
            return totals.computeIfAbsent(currency, c -> new long[7]);
        }

        private long[] volume(String key) {
            return volumes.computeIfAbsent(key, k -> new long[6]);
        }
    }

    /** Valid ledgers: debits only from open accounts within the balance, transfers within a currency, closes at zero. */
    static final class LedgerGenerator {
        private final Random random;
        private final Map<String, String[]> state = new HashMap<>(); // id -> {currency, status}
        private final Map<String, Long> balances = new HashMap<>();
        private final Map<String, Long> versions = new HashMap<>();
        private final List<String> ids = new ArrayList<>();
        private final List<Applied<LedgerEvent>> log = new ArrayList<>();
        private Instant clock = Instant.parse("2026-03-01T20:00:00Z");
        private long position;

        LedgerGenerator(Random random) {
            this.random = random;
        }

        List<Applied<LedgerEvent>> events(int count) {
            while (log.size() < count) {
                clock = clock.plusSeconds(random.nextInt(300));
                int choice = random.nextInt(100);
                if (ids.isEmpty() || choice < 10) {
                    String id = "acc-" + ids.size();
                    String currency = CURRENCIES.get(random.nextInt(CURRENCIES.size()));
                    ids.add(id);
                    state.put(id, new String[] {currency, "OPEN"});
                    balances.put(id, 0L);
                    append(new AccountOpened(id, "owner-" + random.nextInt(7), currency, random.nextInt(3) * 1000L));
                    continue;
                }
                String id = ids.get(random.nextInt(ids.size()));
                String currency = state.get(id)[0];
                String status = state.get(id)[1];
                long balance = balances.get(id);
                if (status.equals("CLOSED")) {
                    continue;
                }
                if (choice < 45) {
                    credit(id, 1 + random.nextInt(100_000));
                } else if (choice < 65 && status.equals("OPEN") && balance > 0) {
                    long amount = 1 + Math.floorMod(random.nextLong(), balance);
                    debit(id, amount);
                    append(new MoneyWithdrawn(id, amount, currency, "w"));
                } else if (choice < 85 && status.equals("OPEN") && balance > 0) {
                    String to = ids.get(random.nextInt(ids.size()));
                    if (to.equals(id) || !state.get(to)[0].equals(currency) || state.get(to)[1].equals("CLOSED")) {
                        continue;
                    }
                    long amount = 1 + Math.floorMod(random.nextLong(), balance);
                    String transferId = UUID.randomUUID().toString();
                    debit(id, amount);
                    append(new TransferSent(id, transferId, to, amount, currency, "t"));
                    balances.merge(to, amount, Long::sum);
                    append(new TransferReceived(to, transferId, id, amount, currency, "t"));
                } else if (choice < 90) {
                    state.get(id)[1] = status.equals("OPEN") ? "FROZEN" : "OPEN";
                    append(status.equals("OPEN") ? new AccountFrozen(id, "f") : new AccountUnfrozen(id, "u"));
                } else if (status.equals("OPEN")) {
                    if (balance > 0) {
                        debit(id, balance);
                        append(new MoneyWithdrawn(id, balance, currency, "closing"));
                    }
                    state.get(id)[1] = "CLOSED";
                    append(new AccountClosed(id));
                }
            }
            return log;
        }

        private void credit(String id, long amount) {
            balances.merge(id, amount, Long::sum);
            append(new MoneyDeposited(id, amount, state.get(id)[0], "d"));
        }

        private void debit(String id, long amount) {
            balances.merge(id, -amount, Long::sum);
        }

        private void append(LedgerEvent event) {
            String name = TYPES.nameOf(event);
            long version = versions.merge(event.accountId(), 1L, Long::sum);
            EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), name, TYPES.currentVersion(name),
                    event.accountId(), version, ++position, clock, null, null, null, null, TYPES.serialize(event));
            log.add(new Applied<>(envelope, event));
        }
    }
}
