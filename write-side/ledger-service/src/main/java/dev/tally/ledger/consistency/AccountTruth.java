package dev.tally.ledger.consistency;

import dev.tally.eventstore.RecordedEvent;
import dev.tally.fingerprint.AccountFingerprint;
import dev.tally.fingerprint.FingerprintField;
import dev.tally.events.LedgerEvent;
import dev.tally.events.MoneyDeposited;
import dev.tally.events.MoneyWithdrawn;
import dev.tally.events.TransferReceived;
import dev.tally.events.TransferSent;
import dev.tally.ledger.domain.AccountDecider;
import dev.tally.ledger.consistency.ConsistencyReport.Difference;
import dev.tally.ledger.domain.AccountState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One account as the event store says it is: the decider's fold of its stream. Kept at every version from the one
 * the audit position includes ({@link #versionAtPosition}) to the newest, because a view asked to reach the audit
 * position may legitimately have applied a few later events when the system is live; it is then compared with the
 * store at the version it reports.
 */
final class AccountTruth {

    /** The account after {@code version} events; {@code movements}: how many of them moved money. */
    record At(long version, AccountState state, long movements) {

        /** What a healthy view reports as {@code field} for the account at this version. */
        Object expected(FingerprintField field) {
            // A switch expression over the enum: a field added to the contract does not compile until it is here.
            return switch (field) {
                case VERSION, JOURNAL_ENTRIES -> version; // one journal entry per event
                case CURRENCY -> state.currency();
                case BALANCE, STATEMENT_SUM, JOURNAL_SUM -> state.balance();
                case STATUS -> state.status().name();
                case STATEMENT_LINES -> movements; // one statement line per event that moved money
            };
        }
    }

    private final String accountId;
    private final long versionAtPosition;
    private final List<At> states;

    private AccountTruth(String accountId, long versionAtPosition, List<At> states) {
        this.accountId = accountId;
        this.versionAtPosition = versionAtPosition;
        this.states = states;
    }

    String accountId() {
        return accountId;
    }

    long versionAtPosition() {
        return versionAtPosition;
    }

    long newestVersion() {
        return states.get(states.size() - 1).version();
    }

    /** The account at {@code version}, clamped to the versions kept (at the audit position .. newest). */
    At at(long version) {
        long clamped = Math.max(versionAtPosition, Math.min(version, newestVersion()));
        return states.get((int) (clamped - versionAtPosition));
    }

    At atPosition() {
        return states.get(0);
    }

    /**
     * Every field the view's row reports that differs from this account at the version the row reports (see
     * {@link #at}; a row without a version is compared at the audit position), in {@link FingerprintField} order.
     */
    List<Difference> differences(AccountFingerprint row) {
        At expected = at(row.version() == null ? 0 : row.version());
        List<Difference> differences = new ArrayList<>();
        for (FingerprintField field : FingerprintField.values()) {
            Object actual = field.valueIn(row);
            if (actual != null && !Objects.equals(expected.expected(field), actual)) {
                differences.add(new Difference(accountId, field.wireName(), expected.expected(field), actual));
            }
        }
        return differences;
    }

    /**
     * Folds one stream's events (ordered by version, all of them) with the decider; {@code onEventAtPosition} sees each
     * decoded event with position {@code <= position} together with the state after it (for the conservation sums).
     */
    static AccountTruth fold(String accountId, List<RecordedEvent> events, long position,
            Function<RecordedEvent, LedgerEvent> decode, EventSink onEventAtPosition) {
        AccountState state = AccountState.NOT_OPENED;
        long movements = 0;
        long versionAtPosition = 0;
        List<At> kept = new ArrayList<>();
        At last = new At(0, state, 0);
        for (RecordedEvent recorded : events) {
            if (recorded.streamVersion() != last.version() + 1) {
                throw new IllegalStateException("stream " + accountId + " jumps from version " + last.version()
                        + " to " + recorded.streamVersion());
            }
            LedgerEvent event = decode.apply(recorded);
            state = AccountDecider.DEFAULT.evolve(state, event);
            if (event instanceof MoneyDeposited || event instanceof MoneyWithdrawn || event instanceof TransferSent
                    || event instanceof TransferReceived) {
                movements++;
            }
            last = new At(recorded.streamVersion(), state, movements);
            if (recorded.position() <= position) {
                versionAtPosition = last.version();
                kept.clear();
                kept.add(last);
                onEventAtPosition.accept(event, state);
            } else {
                kept.add(last);
            }
        }
        if (versionAtPosition == 0) {
            throw new IllegalStateException("stream " + accountId + " has no event at or below position " + position);
        }
        return new AccountTruth(accountId, versionAtPosition, List.copyOf(kept));
    }

    @FunctionalInterface
    interface EventSink {
        void accept(LedgerEvent event, AccountState stateAfter);
    }
}
