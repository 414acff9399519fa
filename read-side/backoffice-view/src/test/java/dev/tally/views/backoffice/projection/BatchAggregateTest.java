package dev.tally.views.backoffice.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The in-memory fold of a batch, without any engine. */
class BatchAggregateTest {

    private static final EventTypes TYPES = EventTypes.ledger();
    private long position;

    @Test
    void anAccountOpenedInTheBatchIsOneWholeRowWithItsFinalState() {
        var aggregate = BatchAggregate.of(List.of(
                event(1, "2026-03-01T10:00:00Z", new AccountOpened("a", "alice", "EUR", 500)),
                event(2, "2026-03-01T10:01:00Z", new MoneyDeposited("a", 10_000, "EUR", "salary")),
                event(3, "2026-03-01T10:02:00Z", new MoneyWithdrawn("a", 2_500, "EUR", "rent")),
                event(4, "2026-03-01T10:03:00Z", new MoneyDeposited("a", 1, "EUR", "interest"))));

        assertEquals(List.of(new AccountChange("a", true, "alice", "EUR", 500,
                        Instant.parse("2026-03-01T10:00:00Z"), null, 7_501,
                        Instant.parse("2026-03-01T10:03:00Z"), 4)),
                aggregate.accountChanges());
        assertEquals(List.of(new CurrencyDelta("EUR", 0, 0, 0, 10_001, 2_500, 0, 7_501)),
                aggregate.currencyDeltas(List.of()), "money alone until the table says the row was inserted");
        assertEquals(List.of(new CurrencyDelta("EUR", 1, 1, 0, 10_001, 2_500, 0, 7_501)),
                aggregate.currencyDeltas(List.of(opened("a", "EUR", "OPEN"))));
        assertEquals(List.of(new DailyVolumeDelta(LocalDate.parse("2026-03-01"), "EUR", 10_001, 2_500, 0, 2, 1, 0)),
                aggregate.dailyVolumes());
    }

    @Test
    void anExistingAccountGetsABalanceDeltaAndItsLastStatusButNoIdentityFields() {
        var aggregate = BatchAggregate.of(List.of(
                event("b", 7, "2026-03-02T08:00:00Z", new AccountFrozen("b", "fraud check")),
                event("b", 8, "2026-03-02T08:05:00Z", new MoneyDeposited("b", 300, "USD", "refund"))));

        // The currency comes from the money event: it completes the row of an account whose opening was never applied.
        assertEquals(List.of(new AccountChange("b", false, null, "USD", 0, null, "FROZEN", 300,
                        Instant.parse("2026-03-02T08:05:00Z"), 8)),
                aggregate.accountChanges());
        // The status counters move only by the transitions the table reports for accounts opened earlier.
        assertEquals(List.of(new CurrencyDelta("USD", 0, 0, 0, 300, 0, 0, 300)), aggregate.currencyDeltas(List.of()));
        assertEquals(List.of(new CurrencyDelta("USD", 0, 0, 1, 300, 0, 0, 300)),
                aggregate.currencyDeltas(List.of(statusChanged("b", "USD", "OPEN", "FROZEN"))));
    }

    @Test
    void statusTransitionsOfExistingAccountsMoveTheOpenAndFrozenCounters() {
        var aggregate = BatchAggregate.of(List.of(
                event("c", 3, "2026-03-02T08:00:00Z", new AccountUnfrozen("c", "cleared")),
                event("d", 5, "2026-03-02T08:00:00Z", new AccountClosed("d"))));

        assertEquals(List.of(
                        new AccountChange("c", false, null, null, 0, null, "OPEN", 0,
                                Instant.parse("2026-03-02T08:00:00Z"), 3),
                        new AccountChange("d", false, null, null, 0, null, "CLOSED", 0,
                                Instant.parse("2026-03-02T08:00:00Z"), 5)),
                aggregate.accountChanges());
        assertEquals(List.of(
                        new CurrencyDelta("EUR", 0, -1, 0, 0, 0, 0, 0),
                        new CurrencyDelta("GBP", 0, 0, -1, 0, 0, 0, 0)),
                aggregate.currencyDeltas(List.of(
                        statusChanged("c", "GBP", "FROZEN", "OPEN"),
                        statusChanged("d", "EUR", "OPEN", "CLOSED"))));
        assertEquals(List.of(), aggregate.dailyVolumes(), "no money moved");
    }

    @Test
    void anAccountOpenedAndClosedInOneBatchCountsAsOpenedButNotOpen() {
        var aggregate = BatchAggregate.of(List.of(
                event("e", 1, "2026-03-03T09:00:00Z", new AccountOpened("e", "erin", "CHF", 0)),
                event("e", 2, "2026-03-03T09:00:01Z", new AccountFrozen("e", "check")),
                event("e", 3, "2026-03-03T09:00:02Z", new AccountUnfrozen("e", "ok")),
                event("e", 4, "2026-03-03T09:00:03Z", new AccountClosed("e"))));

        assertEquals("CLOSED", aggregate.accountChanges().get(0).status());
        assertTrue(aggregate.accountChanges().get(0).opened());
        assertEquals(List.of(new CurrencyDelta("CHF", 1, 0, 0, 0, 0, 0, 0)),
                aggregate.currencyDeltas(List.of(opened("e", "CHF", "CLOSED"))));
    }

    @Test
    void orphansAndRepeatedOpeningsCountNoAccountButTheirMoneyCounts() {
        var aggregate = BatchAggregate.of(List.of(
                event("o", 2, "2026-03-03T09:00:00Z", new MoneyDeposited("o", 40, "CHF", "x")),
                event("r", 1, "2026-03-03T09:00:00Z", new AccountOpened("r", "rita", "CHF", 0)),
                event("r", 2, "2026-03-03T09:00:01Z", new MoneyDeposited("r", 2, "CHF", "x"))));
        assertEquals(List.of(new CurrencyDelta("CHF", 0, 0, 0, 42, 0, 0, 42)), aggregate.currencyDeltas(List.of(
                new WrittenAccount(WrittenAccount.Kind.ORPHAN, "o", "CHF", null, "OPEN"),
                new WrittenAccount(WrittenAccount.Kind.REOPENED, "r", "CHF", null, null))));
    }

    @Test
    void aTransferCountsOnceAndLeavesTheSumOfBalancesUnchanged() {
        var aggregate = BatchAggregate.of(List.of(
                event("f", 4, "2026-03-04T12:00:00Z", new TransferSent("f", "t1", "g", 700, "EUR", "loan")),
                event("g", 9, "2026-03-04T12:00:00Z", new TransferReceived("g", "t1", "f", 700, "EUR", "loan"))));

        Map<String, AccountChange> byId = aggregate.accountChanges().stream()
                .collect(Collectors.toMap(AccountChange::accountId, Function.identity()));
        assertEquals(-700, byId.get("f").balance());
        assertEquals(700, byId.get("g").balance());
        assertEquals(List.of(new CurrencyDelta("EUR", 0, 0, 0, 0, 0, 700, 0)), aggregate.currencyDeltas(List.of()));
        assertEquals(List.of(new DailyVolumeDelta(LocalDate.parse("2026-03-04"), "EUR", 0, 0, 700, 0, 0, 1)),
                aggregate.dailyVolumes());
    }

    @Test
    void daysAreUtcDaysOfTheEventTimeSortedByDayThenCurrency() {
        var aggregate = BatchAggregate.of(List.of(
                event("h", 2, "2026-03-02T00:00:00Z", new MoneyDeposited("h", 5, "USD", "x")),
                event("h", 3, "2026-03-01T23:59:59.999999Z", new MoneyDeposited("h", 7, "USD", "x")),
                // 00:30 on 2 March in UTC+01:00 is still 1 March in UTC.
                event("i", 2, OffsetDateTime.parse("2026-03-02T00:30:00+01:00").toInstant().toString(),
                        new MoneyWithdrawn("i", 11, "EUR", "x")),
                event("h", 4, "2026-03-02T23:59:59Z", new MoneyWithdrawn("h", 2, "USD", "x"))));

        assertEquals(List.of(
                        new DailyVolumeDelta(LocalDate.parse("2026-03-01"), "EUR", 0, 11, 0, 0, 1, 0),
                        new DailyVolumeDelta(LocalDate.parse("2026-03-01"), "USD", 7, 0, 0, 1, 0, 0),
                        new DailyVolumeDelta(LocalDate.parse("2026-03-02"), "USD", 5, 2, 0, 1, 1, 0)),
                aggregate.dailyVolumes());
    }

    @Test
    void deltasThatChangeNothingAreLeftOut() {
        var aggregate = BatchAggregate.of(List.of(
                event("j", 2, "2026-03-05T00:00:00Z", new AccountFrozen("j", "x"))));
        assertEquals(List.of(), aggregate.currencyDeltas(List.of()));
        assertFalse(aggregate.accountChanges().isEmpty());
    }

    @Test
    void anAccountOpenedTwiceInOneBatchKeepsItsFirstOpeningAndMovesOnlyTheVersion() {
        var aggregate = BatchAggregate.of(List.of(
                event("k", 1, "2026-03-05T00:00:00Z", new AccountOpened("k", "kim", "EUR", 100)),
                event("k", 2, "2026-03-05T00:00:01Z", new MoneyDeposited("k", 5, "EUR", "x")),
                event("k", 3, "2026-03-05T00:00:02Z", new AccountOpened("k", "someone else", "USD", 0))));
        assertEquals(List.of(new AccountChange("k", true, "kim", "EUR", 100, Instant.parse("2026-03-05T00:00:00Z"),
                        null, 5, Instant.parse("2026-03-05T00:00:02Z"), 3)),
                aggregate.accountChanges());
    }

    @Test
    void aBalanceThatWouldOverflowIsRefusedNotWrapped() {
        List<Applied<LedgerEvent>> batch = List.of(
                event("l", 2, "2026-03-05T00:00:00Z", new MoneyDeposited("l", Long.MAX_VALUE, "EUR", "x")),
                event("l", 3, "2026-03-05T00:00:01Z", new MoneyDeposited("l", 1, "EUR", "x")));
        assertThrows(ArithmeticException.class, () -> BatchAggregate.of(batch));
    }

    private static WrittenAccount opened(String id, String currency, String status) {
        return new WrittenAccount(WrittenAccount.Kind.OPENED, id, currency, null, status);
    }

    private static WrittenAccount statusChanged(String id, String currency, String from, String to) {
        return new WrittenAccount(WrittenAccount.Kind.STATUS_CHANGED, id, currency, from, to);
    }

    private Applied<LedgerEvent> event(long version, String time, LedgerEvent event) {
        return event(event.accountId(), version, time, event);
    }

    private Applied<LedgerEvent> event(String stream, long version, String time, LedgerEvent event) {
        String name = TYPES.nameOf(event);
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), name, TYPES.currentVersion(name), stream,
                version, ++position, Instant.parse(time), null, null, null, null, TYPES.serialize(event));
        return new Applied<>(envelope, event);
    }
}
