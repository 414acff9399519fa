package dev.tally.views.audit.fold;

import dev.tally.events.AccountOpened;
import dev.tally.envelope.EventEnvelope;
import dev.tally.events.LedgerEvent;
import dev.tally.events.MoneyDeposited;
import dev.tally.events.MoneyWithdrawn;
import dev.tally.events.TransferReceived;
import dev.tally.events.TransferSent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Folds a batch of events into journal rows, flags and the accounts' new state. Pure: the caller loads the state of
 * the batch's accounts, and stores what comes out, so the same code serves catch-up batches, live events and tests.
 */
public final class AuditFold {

    private final FlagRules rules;

    public AuditFold(FlagRules rules) {
        this.rules = rules;
    }

    /** One event to fold: its envelope and its decoded payload. */
    public record Input(EventEnvelope envelope, LedgerEvent event) {
    }

    /**
     * @param journal  one entry per input, in input order
     * @param flags    raised flags, in input order
     * @param accounts the new state of every account the batch touched
     */
    public record Result(List<JournalEntry> journal, List<Flag> flags, Map<String, AccountAudit> accounts) {
    }

    /**
     * @param known  the stored state of (some of) the batch's accounts; accounts missing here start from nothing
     * @param inputs events in an order that keeps each stream's versions ascending
     */
    public Result fold(Map<String, AccountAudit> known, List<Input> inputs) {
        Map<String, AccountAudit> accounts = new LinkedHashMap<>();
        List<JournalEntry> journal = new ArrayList<>(inputs.size());
        List<Flag> flags = new ArrayList<>();
        for (Input input : inputs) {
            EventEnvelope envelope = input.envelope();
            LedgerEvent event = input.event();
            String accountId = envelope.streamId();
            AccountAudit before = accounts.computeIfAbsent(accountId,
                    id -> known.getOrDefault(id, AccountAudit.unseen(id)));
            Instant time = envelope.time().truncatedTo(ChronoUnit.MICROS);
            long amount = event.balanceEffect();
            String currency = currencyOf(event, before.currency());
            long balance = Math.addExact(before.balance(), amount);

            if (rules.isLarge(amount)) {
                flags.add(new Flag(Flag.idOf(envelope.position(), FlagKind.LARGE_AMOUNT), envelope.position(), accountId,
                        FlagKind.LARGE_AMOUNT, largeAmountDetail(envelope.type(), Math.abs(amount), currency), time));
            }
            FlagRules.DebitWindow debits = before.debits();
            if (isDebit(event)) {
                FlagRules.BurstStep step = rules.onDebit(debits, toMicros(time));
                debits = step.after();
                if (step.startsBurst()) {
                    flags.add(new Flag(Flag.idOf(envelope.position(), FlagKind.RAPID_BURST), envelope.position(),
                            accountId, FlagKind.RAPID_BURST, burstDetail(step, time), time));
                }
            }
            accounts.put(accountId, new AccountAudit(accountId, currency, balance, envelope.streamVersion(), debits));
            journal.add(new JournalEntry(envelope.position(), envelope.eventId(), envelope.type(),
                    envelope.schemaVersion(), accountId, envelope.streamVersion(), time, envelope.correlationId(),
                    envelope.causationId(), envelope.actor(), amount, currency, balance, envelope.dataAsString()));
        }
        return new Result(journal, flags, accounts);
    }

    /** Withdrawals and transfers out: the debits the burst rule counts. */
    public static boolean isDebit(LedgerEvent event) {
        return event instanceof MoneyWithdrawn || event instanceof TransferSent;
    }

    private static String currencyOf(LedgerEvent event, String known) {
        if (event instanceof AccountOpened opened) {
            return opened.currency();
        } else if (event instanceof MoneyDeposited deposited) {
            return deposited.currency();
        } else if (event instanceof MoneyWithdrawn withdrawn) {
            return withdrawn.currency();
        } else if (event instanceof TransferSent sent) {
            return sent.currency();
        } else if (event instanceof TransferReceived received) {
            return received.currency();
        }
        return known;
    }

    private String largeAmountDetail(String type, long amount, String currency) {
        return type + " of " + amount + " " + currency + " minor units, at or above the threshold of "
                + rules.largeAmount();
    }

    private String burstDetail(FlagRules.BurstStep step, Instant time) {
        return step.debitsInWindow() + " debits within " + human(rules.window()) + " (from "
                + fromMicros(step.earliestMicros()) + " to " + time + "), more than the "
                + rules.maxDebits() + " allowed";
    }

    public static long toMicros(Instant time) {
        return TimeUnit.SECONDS.toMicros(time.getEpochSecond()) + time.getNano() / 1_000;
    }

    public static Instant fromMicros(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    private static String human(Duration window) {
        return window.equals(Duration.ofMinutes(window.toMinutes())) ? window.toMinutes() + " min" : window.toString();
    }
}
