package dev.tally.access;

import static dev.tally.access.ProblemShape.assertProblem;
import static dev.tally.access.RawHttp.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.engines.testing.RealEngines;
import dev.tally.platform.security.Roles;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The write side's row of the access matrix, through HTTP: who may call what, what the others get (401, 403, 404 as
 * problems), that a customer never touches another owner's account, and who is recorded as the events' actor.
 */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class WriteSideAccessTest {

    private static final String UNKNOWN = "3f2b9c1e-8d4a-4c55-9a8e-0b6f3e2d1c7a";

    @TestHTTPResource("/")
    URL root;

    @Test
    void everyEndpointWithoutATokenIs401WithAChallenge() {
        String account = openAs(Roles.ADMIN, "admin-1", Map.of("ownerId", "zoe", "currency", "EUR"));
        for (String[] endpoint : endpoints(account)) {
            HttpResponse<String> response = send(endpoint[0], endpoint[1], null, endpoint[2]);
            JsonObject problem = assertProblem(endpoint[0] + " " + endpoint[1], response, 401);
            assertEquals("unauthorized", problem.getString("code"));
            assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"),
                    endpoint[1] + " challenge");
        }
        assertEquals(1, events(account).size(), "nothing was appended");
    }

    @Test
    void expiredForgedAndForeignTokensAre401() {
        String account = openAs(Roles.ADMIN, "admin-1", Map.of("ownerId", "yves", "currency", "EUR"));
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("expired", TestTokens.expired(Roles.ADMIN, "admin-1"));
        bad.put("signed by another key", TestTokens.signedByAnotherKey(Roles.ADMIN, "admin-1"));
        bad.put("another issuer", TestTokens.fromAnotherIssuer(Roles.ADMIN, "admin-1"));
        bad.put("another audience", TestTokens.forAnotherAudience(Roles.ADMIN, "admin-1"));
        bad.put("unsigned (alg none)", TestTokens.unsigned(Roles.ADMIN, "admin-1"));
        bad.put("without a subject", TestTokens.withoutSubject(Roles.ADMIN));
        bad.put("not a JWT", "not-a-token");
        for (Map.Entry<String, String> token : bad.entrySet()) {
            HttpResponse<String> response = send("POST", "/accounts/" + account + "/deposits", token.getValue(),
                    "{\"amount\":5}");
            JsonObject problem = assertProblem(token.getKey(), response, 401);
            assertEquals("invalid-token", problem.getString("code"), token.getKey());
            assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
            assertProblem(token.getKey(), send("GET", "/relay", token.getValue(), null), 401);
        }
        HttpResponse<String> basic = RawHttp.send(base(), "GET", "/relay", Map.of("Authorization", "Basic YTpi"), null);
        assertProblem("basic auth", basic, 401);
        assertEquals(1, events(account).size(), "nothing was appended");
    }

    @Test
    void rolesOutsideTheMatrixAre403() {
        String account = openAs(Roles.ADMIN, "admin-1", Map.of("ownerId", "xena", "currency", "EUR"));
        String customer = TestTokens.token(Roles.CUSTOMER, "xena");
        String backoffice = TestTokens.token(Roles.BACKOFFICE, "bo-1");
        String auditor = TestTokens.token(Roles.AUDITOR, "au-1");
        Object[][] denied = {
                {auditor, "POST", "/accounts", "{\"ownerId\":\"xena\",\"currency\":\"EUR\"}"},
                {backoffice, "POST", "/accounts/" + account + "/deposits", "{\"amount\":5}"},
                {auditor, "POST", "/accounts/" + account + "/withdrawals", "{\"amount\":5}"},
                {backoffice, "POST", "/accounts/" + account + "/close", null},
                {backoffice, "POST", "/transfers", transfer(account, UNKNOWN)},
                {customer, "POST", "/accounts/" + account + "/freeze", "{}"},
                {auditor, "POST", "/accounts/" + account + "/unfreeze", "{}"},
                {customer, "GET", "/accounts/" + account + "/events", null},
                {backoffice, "GET", "/accounts/" + account + "/events", null},
                {customer, "GET", "/relay", null},
                {backoffice, "GET", "/relay", null},
                {auditor, "POST", "/relay/lag/reset", null}};
        for (Object[] d : denied) {
            HttpResponse<String> response = send((String) d[1], (String) d[2], (String) d[0], (String) d[3]);
            assertEquals("forbidden", assertProblem(d[1] + " " + d[2], response, 403).getString("code"));
        }
        assertEquals(1, events(account).size(), "nothing was appended");
    }

    @Test
    void theMatrixLetsEachRoleDoItsPart() {
        String account = openAs(Roles.BACKOFFICE, "bo-1", Map.of("ownerId", "walt", "currency", "EUR"));
        String walt = TestTokens.token(Roles.CUSTOMER, "walt");
        assertEquals(200, send("POST", "/accounts/" + account + "/deposits", walt, "{\"amount\":50}").statusCode());
        assertEquals(200, send("POST", "/accounts/" + account + "/freeze", TestTokens.token(Roles.BACKOFFICE, "bo-1"),
                "{\"reason\":\"check\"}").statusCode());
        assertEquals(200, send("POST", "/accounts/" + account + "/unfreeze", TestTokens.token(Roles.ADMIN, "ad-1"),
                "{}").statusCode());
        assertEquals(200, send("POST", "/accounts/" + account + "/withdrawals", walt, "{\"amount\":50}").statusCode());
        assertEquals(200, send("GET", "/accounts/" + account + "/events", TestTokens.token(Roles.AUDITOR, "au-1"),
                null).statusCode());
        assertEquals(200, send("GET", "/relay", TestTokens.token(Roles.ADMIN, "ad-1"), null).statusCode());
        assertEquals(200, send("POST", "/accounts/" + account + "/close", walt, null).statusCode());
        // Who did it: every event names the token's subject as its actor, and the correlation id the caller sent.
        List<String> actors = events(account).stream().map(e -> ((JsonObject) e).getString("actor")).toList();
        assertEquals(List.of("bo-1", "walt", "bo-1", "ad-1", "walt", "walt"), actors);
        HttpResponse<String> traced = RawHttp.send(base(), "POST", "/accounts", Map.of("Authorization", bearer(walt),
                "Content-Type", "application/json", "X-Correlation-Id", "case-42"), "{\"currency\":\"EUR\"}");
        assertEquals(201, traced.statusCode(), traced.body());
        assertEquals("case-42", traced.headers().firstValue("X-Correlation-Id").orElse(null));
        JsonObject opened = events(new JsonObject(traced.body()).getString("accountId")).getJsonObject(0);
        assertEquals("case-42", opened.getString("correlationId"));
        assertEquals("walt", opened.getString("actor"));
    }

    @Test
    void aCustomerOpensAccountsOnlyForThemself() {
        String vera = TestTokens.token(Roles.CUSTOMER, "vera");
        HttpResponse<String> own = send("POST", "/accounts", vera, "{\"currency\":\"EUR\"}");
        assertEquals(201, own.statusCode(), own.body());
        JsonObject opened = events(new JsonObject(own.body()).getString("accountId")).getJsonObject(0);
        assertEquals("vera", opened.getJsonObject("data").getString("ownerId"), "ownerId defaults to the subject");
        assertEquals(201, send("POST", "/accounts", vera, "{\"ownerId\":\"vera\",\"currency\":\"USD\"}").statusCode());
        HttpResponse<String> other = send("POST", "/accounts", vera, "{\"ownerId\":\"ursula\",\"currency\":\"EUR\"}");
        assertEquals("forbidden-owner", assertProblem("other owner", other, 403).getString("code"));
        HttpResponse<String> staffWithoutOwner = send("POST", "/accounts", TestTokens.token(Roles.BACKOFFICE, "bo-1"),
                "{\"currency\":\"EUR\"}");
        assertEquals("invalid-request", assertProblem("staff without owner", staffWithoutOwner, 400).getString("code"));
    }

    @Test
    void aCustomerOnAnotherOwnersAccountGets404AndTheAccountIsUnchanged() {
        String bob = openAs(Roles.CUSTOMER, "bob", Map.of("currency", "EUR"));
        String alicesOwn = openAs(Roles.CUSTOMER, "alice", Map.of("currency", "EUR"));
        String bobToken = TestTokens.token(Roles.CUSTOMER, "bob");
        assertEquals(200, send("POST", "/accounts/" + bob + "/deposits", bobToken, "{\"amount\":1000}").statusCode());
        assertEquals(200, send("POST", "/accounts/" + alicesOwn + "/deposits", TestTokens.token(Roles.CUSTOMER, "alice"),
                "{\"amount\":1000}").statusCode());
        JsonArray before = events(bob);

        String alice = TestTokens.token(Roles.CUSTOMER, "alice");
        BiFunction<String, String, Object[][]> attempts = (target, ifMatch) -> new Object[][] {
                {"POST", "/accounts/" + target + "/deposits", "{\"amount\":5}"},
                {"POST", "/accounts/" + target + "/withdrawals", "{\"amount\":5}"},
                {"POST", "/accounts/" + target + "/close", null},
                {"POST", "/transfers", transfer(target, alicesOwn)}};
        for (Object[] attempt : attempts.apply(bob, null)) {
            HttpResponse<String> onBob = send((String) attempt[0], (String) attempt[1], alice, (String) attempt[2]);
            JsonObject problem = assertProblem("alice on bob: " + attempt[1], onBob, 404);
            assertEquals("ACCOUNT_NOT_FOUND", problem.getString("code"));
            // Exactly what an account that does not exist answers, so existence does not leak.
            String path = ((String) attempt[1]).replace(bob, UNKNOWN);
            String body = attempt[2] == null ? null : ((String) attempt[2]).replace(bob, UNKNOWN);
            JsonObject unknown = assertProblem("alice on unknown", send((String) attempt[0], path, alice, body), 404);
            assertEquals(unknown.getString("detail").replace(UNKNOWN, bob), problem.getString("detail"));
            assertEquals(unknown.getString("title"), problem.getString("title"));
        }
        // If-Match does not reveal the version either: both look like version 0.
        HttpResponse<String> guarded = RawHttp.send(base(), "POST", "/accounts/" + bob + "/deposits", Map.of(
                "Authorization", bearer(alice), "Content-Type", "application/json", "If-Match", "\"2\""), "{\"amount\":5}");
        JsonObject stale = assertProblem("if-match on bob", guarded, 412);
        assertTrue(stale.getString("detail").contains("version 0"), stale.encode());
        assertEquals(before, events(bob), "bob's account is unchanged");
        // A customer may pay anyone: from their own account to bob's.
        assertEquals(200, send("POST", "/transfers", alice, transfer(alicesOwn, bob)).statusCode());
        assertEquals(before.size() + 1, events(bob).size());
    }

    @Test
    void anIdempotencyKeyIsNeverReplayedToAnotherCaller() {
        String carl = openAs(Roles.CUSTOMER, "carl", Map.of("currency", "EUR"));
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Content-Type", "application/json",
                "Idempotency-Key", "shared-key-" + carl, "Authorization", bearer(TestTokens.token(Roles.CUSTOMER, "carl"))));
        assertEquals(200, RawHttp.send(base(), "POST", "/accounts/" + carl + "/deposits", headers, "{\"amount\":7}")
                .statusCode());
        headers.put("Authorization", bearer(TestTokens.token(Roles.ADMIN, "ad-1")));
        HttpResponse<String> other = RawHttp.send(base(), "POST", "/accounts/" + carl + "/deposits", headers,
                "{\"amount\":7}");
        // Keys are scoped by the caller: the admin's command is its own, neither carl's answer nor a 422 telling of it.
        assertEquals(200, other.statusCode(), other.body());
        assertTrue(other.headers().firstValue("Idempotent-Replayed").isEmpty(), "not a replay of carl's answer");
        assertEquals(3, events(carl).size());
    }

    /** Every command and query of the write side: method, path, body. */
    private static String[][] endpoints(String account) {
        return new String[][] {
                {"POST", "/accounts", "{\"ownerId\":\"zoe\",\"currency\":\"EUR\"}"},
                {"POST", "/accounts/" + account + "/deposits", "{\"amount\":5}"},
                {"POST", "/accounts/" + account + "/withdrawals", "{\"amount\":5}"},
                {"POST", "/accounts/" + account + "/freeze", "{}"},
                {"POST", "/accounts/" + account + "/unfreeze", "{}"},
                {"POST", "/accounts/" + account + "/close", null},
                {"POST", "/transfers", transfer(account, UNKNOWN)},
                {"GET", "/accounts/" + account + "/events", null},
                {"GET", "/relay", null},
                {"POST", "/relay/lag/reset", null},
                // Unauthenticated garbage is refused for the token before the body is looked at.
                {"POST", "/accounts/" + account + "/deposits", "{not json"}};
    }

    private static String transfer(String from, String to) {
        return "{\"fromAccountId\":\"" + from + "\",\"toAccountId\":\"" + to + "\",\"amount\":5}";
    }

    private String openAs(String role, String subject, Map<String, Object> body) {
        HttpResponse<String> response = send("POST", "/accounts", TestTokens.token(role, subject),
                new JsonObject(body).encode());
        assertEquals(201, response.statusCode(), response.body());
        return new JsonObject(response.body()).getString("accountId");
    }

    private JsonArray events(String account) {
        HttpResponse<String> response = send("GET", "/accounts/" + account + "/events?limit=1000",
                TestTokens.token(Roles.AUDITOR, "au-1"), null);
        assertEquals(200, response.statusCode(), response.body());
        return new JsonObject(response.body()).getJsonArray("events");
    }

    private HttpResponse<String> send(String method, String path, String token, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (token != null) {
            headers.put("Authorization", bearer(token));
        }
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        return RawHttp.send(base(), method, path, headers, body);
    }

    private String base() {
        String url = root.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
