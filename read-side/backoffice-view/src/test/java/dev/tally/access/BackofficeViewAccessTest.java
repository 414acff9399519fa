package dev.tally.access;

import static dev.tally.access.ProblemShape.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.engines.testing.RealEngines;
import dev.tally.platform.security.Roles;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The back-office view's row of the access matrix (back office and admin), its hostile parameters, and that nothing
 * answers without a token beyond the public list.
 */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class BackofficeViewAccessTest {

    private static final List<String> QUERIES = List.of("/accounts", "/totals", "/volumes/daily");

    @TestHTTPResource("/")
    URL root;

    @Test
    void backOfficeAndAdminReadEverythingOthersAreRefused() {
        for (String path : QUERIES) {
            for (String role : List.of(Roles.BACKOFFICE, Roles.ADMIN)) {
                HttpResponse<String> response = get(path, TestTokens.token(role, "staff"));
                assertEquals(200, response.statusCode(), role + " " + path + ": " + response.body());
            }
        }
        for (String path : List.of("/accounts", "/accounts/some-account", "/totals", "/volumes/daily")) {
            Refusals.assertRefused(path, List.of(Roles.CUSTOMER, Roles.AUDITOR), this::get);
        }
        assertProblem("customer progress", get("/projection", TestTokens.token(Roles.CUSTOMER, "c")), 403);
        assertEquals(200, get("/projection", TestTokens.token(Roles.BACKOFFICE, "bo")).statusCode());
        assertProblem("back office rebuild", send("POST", "/projection/rebuild", TestTokens.token(Roles.BACKOFFICE,
                "bo")), 403);
    }

    @Test
    void hostileParametersAreProblems() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("/accounts?owner=" + "o".repeat(129), "invalid-owner-id");
        cases.put("/accounts?owner=a%00b", "invalid-owner-id");
        cases.put("/accounts?status=DELETED", "invalid-status");
        cases.put("/accounts?currency=eur", "invalid-currency");
        cases.put("/accounts?currency=EURO", "invalid-currency");
        cases.put("/accounts?minBalance=abc", "invalid-balance");
        cases.put("/accounts?maxBalance=1.5", "invalid-balance");
        cases.put("/accounts?minBalance=99999999999999999999", "invalid-balance");
        cases.put("/accounts?minBalance=10&maxBalance=5", "invalid-balance-range");
        cases.put("/accounts?sort=password", "invalid-sort");
        cases.put("/accounts?order=random", "invalid-sort");
        cases.put("/accounts?page=-1", "invalid-page");
        cases.put("/accounts?size=0", "invalid-size");
        cases.put("/accounts?size=201", "invalid-size");
        cases.put("/accounts?minPosition=-1", "invalid-min-position");
        cases.put("/accounts?minPosition=abc", "invalid-min-position");
        cases.put("/accounts/" + "a".repeat(65), "invalid-account-id");
        cases.put("/accounts/a%07b", "invalid-account-id");
        cases.put("/accounts/3f2b9c1e-8d4a-4c55-9a8e-0b6f3e2d1c7a?minPosition=x", "invalid-min-position");
        cases.put("/totals?minPosition=-3", "invalid-min-position");
        cases.put("/volumes/daily?currency=usd", "invalid-currency");
        cases.put("/volumes/daily?from=2026-13-01", "invalid-date");
        cases.put("/volumes/daily?to=yesterday", "invalid-date");
        cases.put("/volumes/daily?from=2026-03-02&to=2026-03-01", "invalid-date-range");
        cases.put("/volumes/daily?minPosition=1e3", "invalid-min-position");
        String admin = TestTokens.token(Roles.ADMIN, "ad");
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String> c : cases.entrySet()) {
            try {
                assertEquals(c.getValue(), assertProblem(c.getKey(), get(c.getKey(), admin), 400).getString("code"));
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        }
        assertEquals(List.of(), failures);
        assertProblem("unknown route", get("/accounts/x/secrets", admin), 404);
        assertProblem("DELETE on a query", send("DELETE", "/totals", admin), 405);
    }

    @Test
    void nothingAnswersWithoutATokenBeyondThePublicList() {
        List<String> called = OpenApiExposure.assertNothingOpenBeyondThePublicList(base());
        for (String expected : List.of("GET /accounts", "GET /accounts/{accountId}", "GET /totals", "GET /volumes/daily",
                "GET /projection", "POST /projection/rebuild")) {
            assertTrue(called.contains(expected), expected + " missing from the OpenAPI document: " + called);
        }
    }

    private HttpResponse<String> get(String path, String token) {
        return send("GET", path, token);
    }

    private HttpResponse<String> send(String method, String path, String token) {
        Map<String, String> headers = token == null ? Map.of() : Map.of("Authorization", RawHttp.bearer(token));
        return RawHttp.send(base(), method, path, headers, null);
    }

    private String base() {
        return root.toString().replaceAll("/$", "");
    }
}
