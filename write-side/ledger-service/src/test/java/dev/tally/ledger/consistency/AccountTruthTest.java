package dev.tally.ledger.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.eventstore.RecordedEvent;
import dev.tally.events.AccountFrozen;
import dev.tally.events.AccountOpened;
import dev.tally.events.LedgerEvent;
import dev.tally.events.MoneyDeposited;
import dev.tally.events.MoneyWithdrawn;
import dev.tally.fingerprint.AccountFingerprint;
import dev.tally.fingerprint.FingerprintField;
import dev.tally.ledger.consistency.ConsistencyReport.Difference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The comparison of a view's typed row with the store's fold, field by field, without any engine: every field of
 * the contract has its expected value, only reported fields are compared, at the version the row reports.
 */
class AccountTruthTest {

    private static final String ID = "acc-1";

    /** Opened (position 1), 500 in (2), 130 out (3), frozen (4); audited at position 3. */
    private final List<LedgerEvent> events = List.of(
            new AccountOpened(ID, "owner", "EUR", 0),
            new MoneyDeposited(ID, 500, "EUR", "in"),
            new MoneyWithdrawn(ID, 130, "EUR", "out"),
            new AccountFrozen(ID, "check"));
    private final AccountTruth truth = fold(3);

    @Test
    void aHealthyRowOfEveryFieldHasNoDifference() {
        AccountFingerprint row = AccountFingerprint.of(ID, "EUR", 370, 3).withStatus("OPEN").withStatement(2, 370)
                .withJournal(3, 370);
        assertEquals(FingerprintField.values().length, row.reported().size(), "every field is compared");
        assertEquals(List.of(), truth.differences(row));
    }

    @Test
    void eachWrongFieldIsOneDifferenceWithExpectedAndActual() {
        AccountFingerprint row = AccountFingerprint.of(ID, "USD", 371, 3).withStatus("CLOSED").withStatement(3, 370)
                .withJournal(2, 369);
        assertEquals(List.of(
                        new Difference(ID, "currency", "EUR", "USD"),
                        new Difference(ID, "balance", 370L, 371L),
                        new Difference(ID, "status", "OPEN", "CLOSED"),
                        new Difference(ID, "statementLines", 2L, 3L),
                        new Difference(ID, "journalEntries", 3L, 2L),
                        new Difference(ID, "journalSum", 370L, 369L)),
                truth.differences(row));
    }

    @Test
    void aFieldTheViewDoesNotReportIsNotCompared() {
        AccountFingerprint row = new AccountFingerprint(ID, null, 370L, null, null, null, null, null, null);
        assertEquals(List.of(), truth.differences(row), "no version: compared at the audit position");
    }

    @Test
    void aRowIsComparedAtTheVersionItReportsWithinTheVersionsKept() {
        // A live view may have applied the freeze after the audit position: not a difference.
        assertEquals(List.of(), truth.differences(AccountFingerprint.of(ID, "EUR", 370, 4).withStatus("FROZEN")));
        // Beyond the newest version: compared with the newest, so only the version differs.
        assertEquals(List.of(new Difference(ID, "version", 4L, 9L)),
                truth.differences(AccountFingerprint.of(ID, "EUR", 370, 9).withStatus("FROZEN")));
        // Below the audit position's version: compared there.
        assertEquals(List.of(new Difference(ID, "version", 3L, 1L), new Difference(ID, "balance", 370L, 0L)),
                truth.differences(AccountFingerprint.of(ID, "EUR", 0, 1).withStatus("OPEN")));
    }

    private AccountTruth fold(long position) {
        List<RecordedEvent> recorded = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            recorded.add(new RecordedEvent(i + 1, ID, i + 1, UUID.randomUUID(),
                    events.get(i).getClass().getSimpleName(), 1, "{}", null, Instant.EPOCH));
        }
        return AccountTruth.fold(ID, recorded, position,
                event -> events.get((int) event.streamVersion() - 1), (event, after) -> { });
    }
}
