package dev.tally.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.UUID;

import dev.tally.engines.log.LedgerEnvelopes;
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

/**
 * A synthetic ledger log of exactly {@code total} events, as the write side would have appended it: global positions
 * dense from 1, each account's stream versions consecutive from 1, every event valid under the domain's invariants
 * (no debit beyond the balance or from a frozen account, transfers only within one currency and never to the same
 * account, a transfer's TransferSent and TransferReceived at consecutive positions). Deterministic for a seed, so two
 * runs replay the same log. Event times spread evenly over {@code span} ending at {@code end}.
 *
 * <p>Mix: {@code accounts} openings (the first 100 at the start, the rest spread over the first half of the log),
 * then per command about 40% deposits, 25% withdrawals, 34% transfers (two events each), 0.5% freezes and 0.5%
 * unfreezes. No closings: closing needs a zero balance, which a random walk rarely reaches.
 */
final class LedgerLog implements Iterator<EventEnvelope> {

    private static final String[] CURRENCIES = {"EUR", "USD"};
    private static final EventTypes TYPES = EventTypes.ledger();

    private final long total;
    private final int accounts;
    private final SplittableRandom random;
    private final Instant start;
    private final double nanosPerEvent;
    private final double openSpacing;
    private final Map<String, Long> counts = new LinkedHashMap<>();

    private final String[] ids;
    private final String[] owners;
    private final int[] currency;
    private final long[] balance;
    private final long[] overdraft;
    private final long[] version;
    private final boolean[] frozen;
    private final List<List<Integer>> byCurrency = List.of(new ArrayList<>(), new ArrayList<>());
    private final List<Integer> frozenAccounts = new ArrayList<>();
    private int opened;
    private long position;
    private EventEnvelope pending;

    LedgerLog(long total, int accounts, long seed, Instant end, Duration span) {
        this.total = total;
        this.accounts = accounts;
        this.random = new SplittableRandom(seed);
        this.start = end.minus(span);
        this.nanosPerEvent = (double) span.toNanos() / total;
        this.openSpacing = Math.max(1.0, total / 2.0 / accounts);
        this.ids = new String[accounts];
        this.owners = new String[accounts];
        this.currency = new int[accounts];
        this.balance = new long[accounts];
        this.overdraft = new long[accounts];
        this.version = new long[accounts];
        this.frozen = new boolean[accounts];
    }

    @Override
    public boolean hasNext() {
        return pending != null || position < total;
    }

    @Override
    public EventEnvelope next() {
        if (pending != null) {
            EventEnvelope e = pending;
            pending = null;
            return e;
        }
        if (position >= total) {
            throw new NoSuchElementException();
        }
        long remaining = total - position;
        if (opened < accounts && (opened < Math.min(100, accounts) || position >= (opened - 100) * openSpacing)) {
            return open();
        }
        double r = random.nextDouble();
        if (r < 0.25) {
            int a = pick();
            long amount = amount();
            if (!frozen[a] && balance[a] + overdraft[a] >= amount) {
                balance[a] -= amount;
                return emit(a, new MoneyWithdrawn(ids[a], amount, CURRENCIES[currency[a]], "cash withdrawal"), uuid());
            }
        } else if (r < 0.59 && remaining >= 2) {
            EventEnvelope sent = transfer();
            if (sent != null) {
                return sent;
            }
        } else if (r < 0.595) {
            int a = pick();
            if (!frozen[a]) {
                frozen[a] = true;
                frozenAccounts.add(a);
                return emit(a, new AccountFrozen(ids[a], "suspicious activity review"), uuid());
            }
        } else if (r < 0.60 && !frozenAccounts.isEmpty()) {
            int a = frozenAccounts.remove(random.nextInt(frozenAccounts.size()));
            frozen[a] = false;
            return emit(a, new AccountUnfrozen(ids[a], "review closed"), uuid());
        }
        int a = pick();
        long amount = amount() * 2;
        balance[a] += amount;
        return emit(a, new MoneyDeposited(ids[a], amount, CURRENCIES[currency[a]], "salary"), uuid());
    }

    /** Events per type name so far. */
    Map<String, Long> counts() {
        return counts;
    }

    /** TransferSent, with TransferReceived left in {@link #pending}; null when the random pick allows no transfer. */
    private EventEnvelope transfer() {
        int from = pick();
        List<Integer> same = byCurrency.get(currency[from]);
        if (same.size() < 2 || frozen[from]) {
            return null;
        }
        int to = same.get(random.nextInt(same.size()));
        long amount = amount();
        if (to == from || balance[from] + overdraft[from] < amount) {
            return null;
        }
        String transferId = uuid().toString();
        String correlation = uuid().toString();
        String cur = CURRENCIES[currency[from]];
        balance[from] -= amount;
        balance[to] += amount;
        EventEnvelope sent = emit(from, new TransferSent(ids[from], transferId, ids[to], amount, cur, "invoice"),
                UUID.fromString(correlation));
        pending = emit(to, new TransferReceived(ids[to], transferId, ids[from], amount, cur, "invoice"),
                UUID.fromString(correlation));
        return sent;
    }

    private EventEnvelope open() {
        int a = opened++;
        ids[a] = uuid().toString();
        owners[a] = "owner-" + (a * 7 / 10); // about 1.4 accounts per owner
        currency[a] = random.nextInt(10) == 0 ? 1 : 0;
        overdraft[a] = random.nextInt(10) == 0 ? 50_000 : 0;
        byCurrency.get(currency[a]).add(a);
        return emit(a, new AccountOpened(ids[a], owners[a], CURRENCIES[currency[a]], overdraft[a]), uuid());
    }

    private EventEnvelope emit(int account, LedgerEvent event, UUID correlation) {
        long pos = ++position;
        long v = ++version[account];
        counts.merge(TYPES.nameOf(event), 1L, Long::sum);
        Instant time = start.plusNanos((long) (pos * nanosPerEvent));
        return LedgerEnvelopes.of(uuid(), event, v, pos, time, correlation.toString(), null, owners[account]);
    }

    private int pick() {
        return random.nextInt(opened);
    }

    /** 1.00 to about 5,000.00 in minor units, skewed to small amounts; now and then above the audit threshold. */
    private long amount() {
        if (random.nextInt(2000) == 0) {
            return 1_000_000 + random.nextInt(5_000_000);
        }
        return (long) Math.pow(10, 2 + random.nextDouble() * 3.7);
    }

    /** A version-4 UUID from the seeded generator (SecureRandom would make generation the bottleneck). */
    private UUID uuid() {
        long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo);
    }
}
