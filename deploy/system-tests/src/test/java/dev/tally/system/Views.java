package dev.tally.system;

import static dev.tally.system.Http.to;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What each read service says about the ledger, once it has reached a given position, checked against the store. */
public final class Views {

    private final TallySystem system;

    public Views(TallySystem system) {
        this.system = system;
    }

    /** Every view agrees, account by account, with the fold of the account's own events in the event store. */
    public void assertAgreeWith(Ledger.Fold truth, long minPosition) {
        String id = truth.accountId();
        var holder = to(system.accounts).get("/accounts/" + id + "?minPosition=" + minPosition)
                .then().statusCode(200).extract().jsonPath();
        assertEquals(truth.balance(), holder.getLong("balance"), "accounts view balance of " + id);
        assertEquals(truth.version(), holder.getLong("version"), "accounts view version of " + id);
        assertEquals(truth.status(), holder.getString("status"), "accounts view status of " + id);

        var office = to(system.backoffice).get("/accounts/" + id + "?minPosition=" + minPosition)
                .then().statusCode(200).extract().jsonPath();
        assertEquals(truth.balance(), office.getLong("balance"), "back-office balance of " + id);
        assertEquals(truth.version(), office.getLong("version"), "back-office version of " + id);
        assertEquals(truth.status(), office.getString("status"), "back-office status of " + id);

        var audit = to(system.audit).get("/accounts/" + id + "/balance?asOf=" + Instant.now().plusSeconds(60)
                        + "&minPosition=" + minPosition)
                .then().statusCode(200).extract().jsonPath();
        assertEquals(truth.balance(), audit.getLong("balance"), "audit balance of " + id);
        assertEquals(truth.version(), audit.getLong("version"), "audit version of " + id);
    }

    /**
     * The conservation law, per currency: the sum of balances equals deposits minus withdrawals, in the event store and
     * in the back office's totals.
     */
    public void assertConservation(List<Ledger.Fold> truths, long minPosition) {
        Map<String, long[]> perCurrency = new HashMap<>();
        for (Ledger.Fold fold : truths) {
            long[] sums = perCurrency.computeIfAbsent(fold.currency(), c -> new long[3]);
            sums[0] += fold.balance();
            sums[1] += fold.deposited();
            sums[2] += fold.withdrawn();
        }
        List<Map<String, Object>> totals = to(system.backoffice).get("/totals?minPosition=" + minPosition)
                .then().statusCode(200).extract().jsonPath().getList("");
        for (var entry : perCurrency.entrySet()) {
            long[] sums = entry.getValue();
            assertEquals(sums[0], sums[1] - sums[2], "event store: balances = deposits - withdrawals in " + entry.getKey());
            Map<String, Object> row = totals.stream().filter(t -> entry.getKey().equals(t.get("currency")))
                    .findFirst().orElseThrow(() -> new AssertionError("no totals for " + entry.getKey()));
            assertEquals(sums[0], ((Number) row.get("sumOfBalances")).longValue(), "sum of balances in " + entry.getKey());
            assertEquals(sums[1], ((Number) row.get("totalDeposited")).longValue(), "deposited in " + entry.getKey());
            assertEquals(sums[2], ((Number) row.get("totalWithdrawn")).longValue(), "withdrawn in " + entry.getKey());
        }
    }

    /** Every view's projection status, as JSON maps keyed by service name. */
    public Map<String, Map<String, Object>> projections() {
        Map<String, Map<String, Object>> all = new HashMap<>();
        for (var view : system.views()) {
            all.put(view.name(), to(view).get("/projection").then().statusCode(200).extract().jsonPath().getMap(""));
        }
        return all;
    }
}
