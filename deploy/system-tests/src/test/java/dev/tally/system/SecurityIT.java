package dev.tally.system;

import static dev.tally.system.Http.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.engines.DevelopmentKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Security across the running system: production refuses to start without a real key, and one customer can neither
 * read nor move another's money through any service, while every event records who acted.
 */
class SecurityIT {

    private final TallySystem system = TallySystem.get();

    @Test
    void productionRefusesToStartWithoutARealKey() throws Exception {
        Map<String, String> noKey = new java.util.HashMap<>(system.environment());
        DevelopmentKey.serviceEnvironment().keySet().forEach(noKey::remove);
        Refusals.assertRefusesToStart("write-side/ledger-service", "no-key", noKey, "Refusing to start",
                "No verification key");

        Map<String, String> devKey = new java.util.HashMap<>(noKey);
        devKey.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                TallySystem.REPO.resolve("deploy/dev-keys/tally-dev-public.pem").toString());
        devKey.put("MP_JWT_VERIFY_ISSUER", "tally-dev");
        Refusals.assertRefusesToStart("write-side/ledger-service", "dev-key", devKey, "Refusing to start",
                "development key");
    }

    @Test
    void aCustomerCanNeitherReadNorMoveAnotherCustomersMoney() {
        String bob = as(system.writeSide, "customer", "sys-bob").body(Map.of("currency", "EUR")).post("/accounts")
                .then().statusCode(201).extract().path("accountId");
        long position = ((Number) as(system.writeSide, "customer", "sys-bob").body(Map.of("amount", 900))
                .post("/accounts/" + bob + "/deposits").then().statusCode(200).extract().path("position")).longValue();
        String alice = as(system.writeSide, "customer", "sys-alice").body(Map.of("currency", "EUR")).post("/accounts")
                .then().statusCode(201).extract().path("accountId");

        for (String[] attempt : new String[][] {{"/accounts/" + bob + "/withdrawals", "{\"amount\":900}"},
                {"/accounts/" + bob + "/close", null},
                {"/transfers", "{\"fromAccountId\":\"" + bob + "\",\"toAccountId\":\"" + alice + "\",\"amount\":900}"}}) {
            var request = as(system.writeSide, "customer", "sys-alice");
            if (attempt[1] != null) {
                request = request.body(attempt[1]);
            }
            request.post(attempt[0]).then().statusCode(404).body("code", equalTo("ACCOUNT_NOT_FOUND"));
        }
        as(system.accounts, "customer", "sys-alice").get("/accounts/" + bob + "?minPosition=" + position).then()
                .statusCode(404);
        as(system.accounts, "customer", "sys-alice").get("/owners/sys-bob/accounts").then().statusCode(404);
        as(system.backoffice, "customer", "sys-alice").get("/accounts/" + bob).then().statusCode(403);
        as(system.audit, "customer", "sys-alice").get("/journal").then().statusCode(403);

        as(system.accounts, "customer", "sys-bob").get("/accounts/" + bob + "?minPosition=" + position).then()
                .statusCode(200).body("balance", equalTo(900)).body("version", equalTo(2));
        // Who did it travels with the events to the views: the audit journal names bob for both of his events.
        List<Map<String, Object>> journal = as(system.audit, "auditor", "sys-auditor")
                .get("/journal?after=" + (position - 1) + "&limit=1&minPosition=" + position)
                .then().statusCode(200).extract().jsonPath().getList("events");
        assertEquals(1, journal.size());
        assertEquals(bob, journal.get(0).get("streamId"));
        assertEquals("sys-bob", journal.get(0).get("actor"));
    }
}
