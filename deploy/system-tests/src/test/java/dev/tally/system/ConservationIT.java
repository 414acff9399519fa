package dev.tally.system;

import static dev.tally.system.Http.to;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The brief's built-in oracle, on the real system: after a randomized concurrent workload with rejected commands,
 * every view, once caught up, agrees with the event store account by account, and money is conserved.
 */
class ConservationIT {

    private final TallySystem system = TallySystem.get();
    private final Ledger ledger = new Ledger(system.writeSide);
    private final Views views = new Views(system);

    @Test
    void afterARandomizedWorkloadEveryViewMatchesTheEventStore() throws Exception {
        Workload.Outcome outcome = new Workload(ledger, 20261126L).run(24, 60, 4);
        assertTrue(outcome.acknowledged() > 100 && outcome.rejected() > 10,
                "the workload should both succeed and be refused often: " + outcome);

        // Every stream in the event store, not only this test's: the totals cover the whole ledger.
        List<Ledger.Fold> truths = system.streamIds().stream().map(ledger::fold).toList();
        assertTrue(truths.size() >= outcome.accounts().size());
        for (Ledger.Fold truth : truths) {
            views.assertAgreeWith(truth, outcome.maxPosition());
        }
        views.assertConservation(truths, outcome.maxPosition());
    }

    @Test
    void aQueryCarryingTheCommandsPositionSeesTheWriteImmediately() {
        String account = ledger.open("ryw", "EUR", 0);
        for (int i = 1; i <= 5; i++) {
            long position = ledger.deposit(account, 100).then().statusCode(200).extract().<Number>path("position").longValue();
            to(system.accounts).get("/accounts/" + account + "?minPosition=" + position)
                    .then().statusCode(200).body("balance", equalTo(100 * i));
            to(system.backoffice).get("/accounts/" + account + "?minPosition=" + position)
                    .then().statusCode(200).body("balance", equalTo(100 * i));
            to(system.audit).get("/accounts/" + account + "/balance?asOf=2100-01-01T00:00:00Z&minPosition=" + position)
                    .then().statusCode(200).body("balance", equalTo(100 * i));
        }
    }

    @Test
    void aPositionTheLogHasNotReachedIsA503ProblemNotStaleData() {
        long farAhead = ledger.deposit(ledger.open("ahead", "EUR", 0), 1).then().statusCode(200)
                .extract().<Number>path("position").longValue() + 1_000_000;
        to(system.accounts).get("/owners/ahead/accounts?minPosition=" + farAhead)
                .then().statusCode(503).contentType("application/problem+json").header("Retry-After", equalTo("1"));
    }
}
