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
 * The audit view's row of the access matrix (auditors and admin), its hostile parameters, and that nothing
 * answers without a token beyond the public list.
 */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class AuditViewAccessTest {

    private static final List<String> QUERIES = List.of("/journal", "/flags");

    private static final String SOME_ID = "3f2b9c1e-8d4a-4c55-9a8e-0b6f3e2d1c7a";

    @TestHTTPResource("/")
    URL root;

    @Test
    void auditorsAndAdminReadEverythingOthersAreRefused() {
        for (String path : QUERIES) {
            for (String role : List.of(Roles.AUDITOR, Roles.ADMIN)) {
                HttpResponse<String> response = get(path, TestTokens.token(role, "staff"));
                assertEquals(200, response.statusCode(), role + " " + path + ": " + response.body());
            }
        }
        for (String path : List.of("/journal", "/flags", "/accounts/" + SOME_ID + "/balance")) {
            Refusals.assertRefused(path, List.of(Roles.CUSTOMER, Roles.BACKOFFICE), this::get);
        }
        assertProblem("customer progress", get("/projection", TestTokens.token(Roles.CUSTOMER, "c")), 403);
        assertEquals(200, get("/projection", TestTokens.token(Roles.AUDITOR, "au")).statusCode());
        assertProblem("auditor rebuild", send("POST", "/projection/rebuild", TestTokens.token(Roles.AUDITOR, "au")),
                403);
    }

    @Test
    void hostileParametersAreProblems() {
        Map<String, String> cases = new LinkedHashMap<>();
        String balance = "/accounts/" + SOME_ID + "/balance";
        cases.put("/journal?after=-1", "invalid-after");
        cases.put("/journal?after=abc", "invalid-after");
        cases.put("/journal?after=99999999999999999999", "invalid-after");
        cases.put("/journal?limit=0", "invalid-limit");
        cases.put("/journal?limit=1001", "invalid-limit");
        cases.put("/journal?limit=1.5", "invalid-limit");
        cases.put("/journal?minPosition=-1", "invalid-min-position");
        cases.put("/journal?minPosition=x", "invalid-min-position");
        cases.put("/flags?account=42", "invalid-account-id");
        cases.put("/flags?account=x'%20OR%20'1'='1", "invalid-account-id");
        cases.put("/flags?kind=HUGE", "invalid-kind");
        cases.put("/flags?page=-1", "invalid-page");
        cases.put("/flags?page=1000001", "invalid-page");
        cases.put("/flags?size=0", "invalid-size");
        cases.put("/flags?size=501", "invalid-size");
        cases.put("/flags?minPosition=-2", "invalid-min-position");
        cases.put("/accounts/not-a-uuid/balance", "invalid-account-id");
        cases.put("/accounts/" + SOME_ID + "0/balance", "invalid-account-id");
        cases.put(balance + "?asOf=yesterday", "invalid-as-of");
        cases.put(balance + "?asOf=2026-03-01", "invalid-as-of");
        cases.put(balance + "?asOf=2026-03-01T10:15:30", "invalid-as-of");
        cases.put(balance + "?asOf=2026-02-30T10:15:30Z", "invalid-as-of");
        cases.put(balance + "?minPosition=-1", "invalid-min-position");
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
        assertProblem("unknown route", get("/accounts/" + SOME_ID + "/secrets", admin), 404);
        assertProblem("DELETE on a query", send("DELETE", "/journal", admin), 405);
    }

    @Test
    void nothingAnswersWithoutATokenBeyondThePublicList() {
        List<String> called = OpenApiExposure.assertNothingOpenBeyondThePublicList(base());
        for (String expected : List.of("GET /journal", "GET /flags", "GET /accounts/{id}/balance", "GET /projection",
                "POST /projection/rebuild")) {
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
