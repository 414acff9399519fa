package dev.tally.access;

import static dev.tally.access.ProblemShape.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.engines.testing.RealEngines;
import dev.tally.events.AccountOpened;
import dev.tally.events.MoneyDeposited;
import dev.tally.projection.ReadYourWrites;
import dev.tally.platform.security.Roles;
import dev.tally.views.accounts.LedgerLog;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The accounts view's row of the access matrix (customer: own accounts only; admin: all), its hostile parameters, and
 * that nothing answers without a token beyond the public list.
 */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class AccountsViewAccessTest {

    private static final String ALICE = "alice-" + UUID.randomUUID();
    private static final String BOB = "bob-" + UUID.randomUUID();
    private static final String ALICES = UUID.randomUUID().toString();
    private static final String BOBS = UUID.randomUUID().toString();
    private static final String UNKNOWN = UUID.randomUUID().toString();
    private static long seededAt;

    @Inject
    ReadYourWrites readYourWrites;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "tally.projection.topic")
    String topic;

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void seedOnce() {
        if (seededAt > 0) {
            return;
        }
        LedgerLog log = LedgerLog.shared(bootstrapServers, topic, readYourWrites.frontier());
        log.append(new AccountOpened(ALICES, ALICE, "EUR", 0));
        log.append(new MoneyDeposited(ALICES, 700, "EUR", "in"));
        log.append(new AccountOpened(BOBS, BOB, "EUR", 0));
        seededAt = log.append(new MoneyDeposited(BOBS, 900, "EUR", "in")).position();
    }

    @Test
    void aCustomerSeesOnlyTheirOwnAccounts() {
        String alice = TestTokens.token(Roles.CUSTOMER, ALICE);
        JsonObject own = new JsonObject(ok(get("/accounts/" + ALICES + "?minPosition=" + seededAt, alice)).body());
        assertEquals(700, own.getLong("balance"));
        ok(get("/accounts/" + ALICES + "/statement", alice));
        JsonArray mine = new JsonArray(ok(get("/owners/" + ALICE + "/accounts", alice)).body());
        assertEquals(List.of(ALICES), mine.stream().map(a -> ((JsonObject) a).getString("accountId")).toList());

        // Bob's account is, to Alice, exactly an account that does not exist.
        for (String suffix : List.of("", "/statement", "/live")) {
            JsonObject onBob = assertProblem("alice on bob" + suffix, get("/accounts/" + BOBS + suffix, alice), 404);
            JsonObject onNothing = assertProblem("alice on unknown" + suffix, get("/accounts/" + UNKNOWN + suffix, alice),
                    404);
            assertEquals(onNothing.getString("code"), onBob.getString("code"));
            assertEquals(onNothing.getString("detail").replace(UNKNOWN, BOBS), onBob.getString("detail"));
        }
        assertEquals("owner-not-found", assertProblem("alice on bob's list", get("/owners/" + BOB + "/accounts",
                alice), 404).getString("code"));
        assertEquals("owner-not-found", assertProblem("alice on nobody's list", get("/owners/nobody/accounts",
                alice), 404).getString("code"));

        String admin = TestTokens.token(Roles.ADMIN, "ad-1");
        assertEquals(900, new JsonObject(ok(get("/accounts/" + BOBS, admin)).body()).getLong("balance"),
                "bob's account is unchanged and admin sees it");
        ok(get("/owners/" + BOB + "/accounts", admin));
    }

    @Test
    void otherRolesAndBadTokensAreRefused() {
        List<String> endpoints = List.of("/accounts/" + ALICES, "/accounts/" + ALICES + "/statement",
                "/accounts/" + ALICES + "/live", "/owners/" + ALICE + "/accounts");
        for (String path : endpoints) {
            HttpResponse<String> anonymous = get(path, null);
            assertEquals("unauthorized", assertProblem(path, anonymous, 401).getString("code"));
            assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
            for (String token : List.of(TestTokens.expired(Roles.CUSTOMER, ALICE),
                    TestTokens.signedByAnotherKey(Roles.CUSTOMER, ALICE), TestTokens.fromAnotherIssuer(Roles.ADMIN, "a"),
                    TestTokens.forAnotherAudience(Roles.ADMIN, "a"), TestTokens.unsigned(Roles.ADMIN, "a"))) {
                assertEquals("invalid-token", assertProblem(path, get(path, token), 401).getString("code"));
            }
            for (String role : List.of(Roles.BACKOFFICE, Roles.AUDITOR)) {
                assertEquals("forbidden", assertProblem(role + " " + path, get(path, TestTokens.token(role, "staff")),
                        403).getString("code"));
            }
        }
        // The runtime's progress report: back office, auditors and admin; a rebuild: admin only.
        for (String role : List.of(Roles.BACKOFFICE, Roles.AUDITOR, Roles.ADMIN)) {
            ok(get("/projection", TestTokens.token(role, "staff")));
        }
        assertProblem("customer progress", get("/projection", TestTokens.token(Roles.CUSTOMER, ALICE)), 403);
        assertProblem("anonymous progress", get("/projection", null), 401);
        for (String role : List.of(Roles.CUSTOMER, Roles.BACKOFFICE, Roles.AUDITOR)) {
            assertProblem(role + " rebuild", send("POST", "/projection/rebuild", TestTokens.token(role, "x")), 403);
        }
        assertProblem("anonymous rebuild", send("POST", "/projection/rebuild", null), 401);
    }

    @Test
    void hostileParametersAreProblems() {
        String admin = TestTokens.token(Roles.ADMIN, "ad-1");
        Map<String, String> cases = new LinkedHashMap<>();
        String a = "/accounts/" + ALICES;
        cases.put("/accounts/not-a-uuid", "invalid-account-id");
        cases.put("/accounts/" + ALICES + "0", "invalid-account-id");
        cases.put("/accounts/x'%20OR%20'1'='1", "invalid-account-id");
        cases.put("/accounts/not-a-uuid/statement", "invalid-account-id");
        cases.put("/accounts/not-a-uuid/live", "invalid-account-id");
        cases.put(a + "?minPosition=-1", "invalid-min-position");
        cases.put(a + "?minPosition=abc", "invalid-min-position");
        cases.put(a + "?minPosition=1.5", "invalid-min-position");
        cases.put(a + "?minPosition=99999999999999999999", "invalid-min-position");
        cases.put(a + "/statement?page=-1", "invalid-page");
        cases.put(a + "/statement?page=abc", "invalid-page");
        cases.put(a + "/statement?size=0", "invalid-size");
        cases.put(a + "/statement?size=201", "invalid-size");
        cases.put(a + "/statement?size=ten", "invalid-size");
        cases.put(a + "/statement?page=2147483647&size=200", "invalid-page");
        cases.put(a + "/statement?minPosition=-5", "invalid-min-position");
        cases.put(a + "/live?minPosition=x", "invalid-min-position");
        cases.put("/owners/" + "o".repeat(129) + "/accounts", "invalid-owner-id");
        cases.put("/owners/a%01b/accounts", "invalid-owner-id");
        cases.put("/owners/x/accounts?minPosition=-1", "invalid-min-position");
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String> c : cases.entrySet()) {
            try {
                assertEquals(c.getValue(), assertProblem(c.getKey(), get(c.getKey(), admin), 400).getString("code"),
                        c.getKey());
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        }
        assertEquals(List.of(), failures);
        assertProblem("unknown route", get("/accounts/" + ALICES + "/secrets", admin), 404);
        assertProblem("POST on a query", send("POST", "/accounts/" + ALICES, admin), 405);
    }

    @Test
    void nothingAnswersWithoutATokenBeyondThePublicList() {
        List<String> called = OpenApiExposure.assertNothingOpenBeyondThePublicList(base());
        for (String expected : List.of("GET /accounts/{accountId}", "GET /accounts/{accountId}/statement",
                "GET /accounts/{accountId}/live", "GET /owners/{ownerId}/accounts", "GET /projection",
                "POST /projection/rebuild")) {
            assertTrue(called.contains(expected), expected + " missing from the OpenAPI document: " + called);
        }
    }

    private static HttpResponse<String> ok(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return response;
    }

    private HttpResponse<String> get(String path, String token) {
        return send("GET", path, token);
    }

    private HttpResponse<String> send(String method, String path, String token) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (token != null) {
            headers.put("Authorization", RawHttp.bearer(token));
        }
        if (path.contains("/live")) {
            headers.put("Accept", "text/event-stream");
        }
        return RawHttp.send(base(), method, path, headers, null);
    }

    private String base() {
        return root.toString().replaceAll("/$", "");
    }
}
