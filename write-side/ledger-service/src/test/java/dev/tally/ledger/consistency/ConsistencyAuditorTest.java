package dev.tally.ledger.consistency;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.access.TestTokens;
import dev.tally.engines.Ports;
import dev.tally.engines.testing.RealEngines;
import dev.tally.ledger.app.AccountStreams;
import dev.tally.metrics.Scrape;
import dev.tally.platform.security.Roles;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The consistency auditor against the real event store, with the three views played by {@link StandInViews}
 * (healthy unless a test injects a fault): a healthy system has zero differences; each kind of difference is reported
 * with the right account, field, expected and actual value; a view that is down or not caught up makes the report
 * inconsistent with that view's error; only admin may run it.
 */
@QuarkusTest
@TestProfile(ConsistencyAuditorTest.WithStandInViews.class)
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class ConsistencyAuditorTest {

    /** Points the auditor at three free loopback ports, where the test starts its stand-in views. */
    public static class WithStandInViews implements QuarkusTestProfile {
        private static final int[] PORTS = {Ports.freeLoopbackPort(), Ports.freeLoopbackPort(),
                Ports.freeLoopbackPort()};

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "tally.consistency.accounts-view-url", "http://127.0.0.1:" + PORTS[0],
                    // A trailing slash is accepted.
                    "tally.consistency.backoffice-view-url", "http://127.0.0.1:" + PORTS[1] + "/",
                    "tally.consistency.audit-view-url", "http://127.0.0.1:" + PORTS[2],
                    // Small pages, so the paging of the store and of the views is exercised too.
                    "tally.consistency.page-size", "7",
                    "tally.consistency.request-timeout", "5s");
        }
    }

    private static StandInViews accounts;
    private static StandInViews backoffice;
    private static StandInViews audit;

    @Inject
    Vertx vertx;

    @Inject
    Pool pool;

    @Inject
    AccountStreams streams;

    @ConfigProperty(name = "tally.consistency.accounts-view-url")
    String accountsUrl;

    @ConfigProperty(name = "tally.consistency.backoffice-view-url")
    String backofficeUrl;

    @ConfigProperty(name = "tally.consistency.audit-view-url")
    String auditUrl;

    private final String admin = TestTokens.token(Roles.ADMIN, "auditor-test");

    @BeforeEach
    void standIns() throws Exception {
        if (accounts == null) {
            accounts = new StandInViews("accounts-view", URI.create(accountsUrl).getPort(), vertx, pool, streams);
            backoffice = new StandInViews("backoffice-view", URI.create(backofficeUrl).getPort(), vertx, pool,
                    streams);
            audit = new StandInViews("audit-view", URI.create(auditUrl).getPort(), vertx, pool, streams);
        }
        for (StandInViews view : List.of(accounts, backoffice, audit)) {
            view.reset();
            view.start();
        }
    }

    @AfterAll
    static void stopStandIns() throws Exception {
        for (StandInViews view : List.of(accounts, backoffice, audit)) {
            if (view != null) {
                view.close();
            }
        }
        accounts = backoffice = audit = null;
    }

    @Test
    void aHealthySystemHasNoDifferences() {
        String a = open("EUR");
        String b = open("EUR");
        String c = open("USD");
        ok(post("/accounts/" + a + "/deposits", Map.of("amount", 10_000, "reference", "in")));
        ok(post("/accounts/" + a + "/withdrawals", Map.of("amount", 1_500, "reference", "out")));
        ok(post("/transfers", Map.of("fromAccountId", a, "toAccountId", b, "amount", 2_000, "reference", "rent")));
        ok(post("/accounts/" + c + "/deposits", Map.of("amount", 700, "reference", "in")));
        ok(post("/accounts/" + c + "/freeze", Map.of("reason", "test")));

        JsonPath report = check();
        assertTrue(report.getBoolean("consistent"), report.prettify());
        assertEquals(0, report.getLong("differenceCount"), report.prettify());
        long checked = report.getLong("accountsChecked");
        assertTrue(checked >= 3, report.prettify());
        long head = report.getLong("position");
        assertTrue(head > 0);
        assertEquals(List.of("accounts-view", "backoffice-view", "audit-view"), report.getList("views.view"));
        for (int i = 0; i < 3; i++) {
            assertEquals(checked, report.getLong("views[" + i + "].accountsChecked"), "every account compared");
            assertEquals(0, report.getLong("views[" + i + "].differenceCount"));
            assertNull(report.get("views[" + i + "].error"));
        }
        assertTrue(report.getBoolean("conservation.holds"), report.prettify());
        // The views were asked with the caller's token, to reach the store's head position.
        assertEquals("Bearer " + admin, accounts.lastAuthorization);
        assertEquals(Long.toString(head), audit.lastMinPosition);
    }

    @Test
    void eachKindOfDifferenceIsReportedWithExpectedAndActual() {
        String wrongBalance = open("EUR");
        ok(post("/accounts/" + wrongBalance + "/deposits", Map.of("amount", 5_000, "reference", "in")));
        String missing = open("EUR");
        String wrongVersion = open("EUR");
        ok(post("/accounts/" + wrongVersion + "/deposits", Map.of("amount", 300, "reference", "in")));
        String wrongStatus = open("GBP");
        String extra = UUID.randomUUID().toString();

        accounts.overrides.put(wrongBalance, Map.of("balance", 5_001L));
        accounts.overrides.put(wrongVersion, Map.of("version", 1L));
        backoffice.hidden.add(missing);
        backoffice.overrides.put(wrongStatus, Map.of("status", "FROZEN"));
        audit.extra.add(extra);

        JsonPath report = check();
        assertFalse(report.getBoolean("consistent"), report.prettify());
        assertEquals(5, report.getLong("differenceCount"), report.prettify());

        List<Map<String, Object>> inAccounts = differences(report, 0);
        // A version below the store's: compared at the store's version, so the version is the only difference.
        assertEquals(List.of(
                        difference(wrongBalance, "balance", 5_000, 5_001),
                        difference(wrongVersion, "version", 2, 1)),
                sorted(inAccounts, wrongBalance, wrongVersion), report.prettify());
        assertEquals(List.of(
                        difference(missing, "account", "present", "absent"),
                        difference(wrongStatus, "status", "OPEN", "FROZEN")),
                sorted(differences(report, 1), missing, wrongStatus), report.prettify());
        assertEquals(List.of(difference(extra, "account", "absent", "present")), differences(report, 2));
        assertEquals(2, report.getLong("views[0].differenceCount"));
        assertEquals(2, report.getLong("views[1].differenceCount"));
        assertEquals(1, report.getLong("views[2].differenceCount"));
        assertTrue(report.getBoolean("conservation.holds"), "the totals were not touched");

        // The last audit's result as metrics, for the TallyConsistencyDifferences alert.
        Scrape metrics = Scrape.now();
        assertEquals(2, metrics.value("tally_consistency_differences", "view", "accounts-view"));
        assertEquals(2, metrics.value("tally_consistency_differences", "view", "backoffice-view"));
        assertEquals(1, metrics.value("tally_consistency_differences", "view", "audit-view"));
        assertEquals(0, metrics.value("tally_consistency_differences", "view", "conservation"));
        assertEquals(0, metrics.value("tally_consistency_consistent"));
        assertTrue(metrics.value("tally_consistency_last_audit_timestamp_seconds") > 1.7e9);
    }

    @Test
    void wrongTotalsBreakConservation() {
        open("EUR");
        backoffice.totalsSkew = 42;
        JsonPath report = check();
        assertFalse(report.getBoolean("consistent"));
        assertFalse(report.getBoolean("conservation.holds"));
        List<Map<String, Object>> differences = report.getList("conservation.differences");
        assertTrue(differences.stream().anyMatch(d -> "sumOfBalances".equals(d.get("field"))
                && ((Number) d.get("actual")).longValue() - ((Number) d.get("expected")).longValue() == 42),
                report.prettify());
        assertTrue(differences.stream().anyMatch(d -> "view.balanced".equals(d.get("field"))), report.prettify());
        for (int i = 0; i < 3; i++) {
            assertEquals(0, report.getLong("views[" + i + "].differenceCount"), "the accounts themselves are right");
        }
    }

    @Test
    void aViewThatIsDownOrBehindIsAnErrorNeverAPass() throws Exception {
        open("EUR");
        audit.stop();
        backoffice.failWith = 503;
        JsonPath report = check();
        assertFalse(report.getBoolean("consistent"), report.prettify());
        String auditError = report.getString("views[2].error");
        assertNotNull(auditError, report.prettify());
        assertTrue(auditError.contains(auditUrl.replaceAll("/$", "")), auditError);
        String backofficeError = report.getString("views[1].error");
        assertNotNull(backofficeError, report.prettify());
        assertTrue(backofficeError.contains("503") && backofficeError.contains("view-not-caught-up"),
                backofficeError);
        assertNotNull(report.getString("conservation.error"), "totals come from the back office, which is behind");
        assertFalse(report.getBoolean("conservation.holds"));
        assertNull(report.get("views[0].error"), "the healthy view is still checked");
        assertEquals(0, report.getLong("views[0].differenceCount"));
        Scrape metrics = Scrape.now();
        assertEquals(1, metrics.value("tally_consistency_view_unchecked", "view", "audit-view"));
        assertEquals(1, metrics.value("tally_consistency_view_unchecked", "view", "backoffice-view"));
        assertEquals(0, metrics.value("tally_consistency_view_unchecked", "view", "accounts-view"));
    }

    @Test
    void onlyAdminMayRunIt() {
        given().get("/consistency").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"));
        for (String role : List.of(Roles.CUSTOMER, Roles.BACKOFFICE, Roles.AUDITOR)) {
            given().header("Authorization", "Bearer " + TestTokens.token(role, "someone")).get("/consistency")
                    .then().statusCode(403).contentType("application/problem+json");
        }
    }

    private JsonPath check() {
        return given().header("Authorization", "Bearer " + admin).get("/consistency")
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
    }

    private String open(String currency) {
        return given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON)
                .body(Map.of("ownerId", "auditor-test", "currency", currency))
                .post("/accounts").then().statusCode(201).extract().path("accountId");
    }

    private io.restassured.response.Response post(String path, Object body) {
        return given().header("Authorization", "Bearer " + admin).contentType(ContentType.JSON).body(body).post(path);
    }

    private static void ok(io.restassured.response.Response response) {
        assertEquals(200, response.statusCode(), response.asString());
    }

    private static List<Map<String, Object>> differences(JsonPath report, int view) {
        return report.getList("views[" + view + "].differences");
    }

    private static Map<String, Object> difference(String accountId, String field, Object expected, Object actual) {
        return Map.of("accountId", accountId, "field", field, "expected", expected, "actual", actual);
    }

    /** The differences of the named accounts, in the order named (the report lists them in account id order). */
    private static List<Map<String, Object>> sorted(List<Map<String, Object>> differences, String... accountIds) {
        return List.of(accountIds).stream()
                .flatMap(id -> differences.stream().filter(d -> id.equals(d.get("accountId"))))
                .toList();
    }
}
