package dev.tally.system;

import static dev.tally.system.Http.as;
import static dev.tally.system.Http.to;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The consistency auditor ({@code GET /consistency} on the write service) on the real system: after real commands it
 * finds every view equal to the fold of the event store, with conservation holding; with one row of one view changed
 * behind the projection's back (straight in PostgreSQL) it reports exactly that account and field, with the store's
 * value as expected and the corrupted one as actual. The row is repaired afterwards, since other tests of this JVM
 * compare the views with the store.
 */
class ConsistencyAuditIT {

    private final TallySystem system = TallySystem.get();
    private final Ledger ledger = new Ledger(system.writeSide);

    @Test
    void theAuditorFindsNothingInAHealthySystemAndExactlyTheCorruptedField() throws Exception {
        String alice = ledger.open("audit-alice", "EUR", 1_000);
        String bob = ledger.open("audit-bob", "EUR", 0);
        String carol = ledger.open("audit-carol", "USD", 0);
        ledger.deposit(alice, 10_000).then().statusCode(200);
        ledger.withdraw(alice, 2_500).then().statusCode(200);
        ledger.transfer(alice, bob, 4_000).then().statusCode(200);
        ledger.deposit(carol, 900).then().statusCode(200);
        Http.post(system.writeSide, "/accounts/" + carol + "/freeze", Map.of("reason", "audit")).then().statusCode(200);

        JsonPath healthy = audit();
        assertTrue(healthy.getBoolean("consistent"), healthy.prettify());
        assertEquals(0, healthy.getLong("differenceCount"), healthy.prettify());
        assertEquals(system.streamIds().size(), healthy.getLong("accountsChecked"), "every stream is an account");
        for (int i = 0; i < 3; i++) {
            assertNull(healthy.get("views[" + i + "].error"), healthy.prettify());
            assertEquals(healthy.getLong("accountsChecked"), healthy.getLong("views[" + i + "].accountsChecked"));
        }
        assertTrue(healthy.getBoolean("conservation.holds"), healthy.prettify());

        // Bob's balance in the accounts view's active generation, changed behind the projection's back.
        long truth = ledger.fold(bob).balance();
        String table = activeSchema("accounts_view") + ".accounts";
        setBalance(table, bob, truth + 77);
        try {
            JsonPath corrupted = audit();
            assertFalse(corrupted.getBoolean("consistent"), corrupted.prettify());
            assertEquals(1, corrupted.getLong("differenceCount"), corrupted.prettify());
            assertEquals(List.of(Map.of("accountId", bob, "field", "balance", "expected", (int) truth,
                    "actual", (int) (truth + 77))), corrupted.getList("views[0].differences"), corrupted.prettify());
            assertEquals(0, corrupted.getLong("views[1].differenceCount"));
            assertEquals(0, corrupted.getLong("views[2].differenceCount"));
        } finally {
            setBalance(table, bob, truth);
        }
        JsonPath repaired = audit();
        assertTrue(repaired.getBoolean("consistent"), repaired.prettify());
    }

    @Test
    void onlyAdminMayRunTheAuditor() {
        for (String role : List.of("customer", "backoffice", "auditor")) {
            as(system.writeSide, role, "someone").get("/consistency").then().statusCode(403);
        }
    }

    /** One check; repeated (bounded) while a view is still catching up, which the report shows as its error. */
    private JsonPath audit() throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonPath report = to(system.writeSide).get("/consistency").then().statusCode(200).extract().jsonPath();
            boolean viewError = report.getList("views.error").stream().anyMatch(java.util.Objects::nonNull);
            if (!viewError || System.nanoTime() > deadline) {
                return report;
            }
            Thread.sleep(500);
        }
    }

    private String activeSchema(String view) throws SQLException {
        try (Connection db = database(); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("SELECT schema_name FROM " + view + ".generations WHERE status = 'ACTIVE'")) {
            assertTrue(rows.next(), view + " has an active generation");
            return rows.getString(1);
        }
    }

    private void setBalance(String table, String accountId, long balance) throws SQLException {
        try (Connection db = database();
             PreparedStatement update = db.prepareStatement("UPDATE " + table + " SET balance = ? WHERE account_id = ?")) {
            update.setLong(1, balance);
            update.setString(2, accountId);
            assertEquals(1, update.executeUpdate(), "one row of " + table);
        }
    }

    private Connection database() throws SQLException {
        return DriverManager.getConnection(system.postgres.jdbcUrl(), system.postgres.username(),
                system.postgres.password());
    }
}
