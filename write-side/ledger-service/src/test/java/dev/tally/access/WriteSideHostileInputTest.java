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
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hostile-input suite of the write side: a generated table of malformed, out-of-range and oversized requests over
 * every command and query, each sent with a valid admin token (so only the input is wrong). Every case must answer
 * its status as RFC 9457 problem+json (type, title, status, detail, code; no internals) and the event store must gain
 * nothing: its head position is the same after the case as before.
 */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class WriteSideHostileInputTest {

    private static final String UNKNOWN = "3f2b9c1e-8d4a-4c55-9a8e-0b6f3e2d1c7a";
    private static final String JSON = "application/json";

    /** One request and what it must answer. {@code code} null: any code, the shape is still checked. */
    record Case(String name, String method, String path, Map<String, String> headers, String body, int status,
                String code) {}

    @TestHTTPResource("/")
    URL root;

    @Inject
    Pool pool;

    @Test
    void everyHostileRequestIsAProblemAndAppendsNothing() {
        String account = open("EUR");
        String other = open("EUR");
        String dollars = open("USD");
        post("/accounts/" + account + "/deposits", "{\"amount\":1000}", 200);
        List<Case> cases = cases(account, other, dollars);
        assertTrue(cases.size() >= 150, "the table has " + cases.size() + " cases");
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            long before = head();
            Map<String, String> headers = new LinkedHashMap<>(c.headers());
            headers.putIfAbsent("Authorization", RawHttp.bearer(TestTokens.token(Roles.ADMIN, "hostile-admin")));
            HttpResponse<String> response = RawHttp.send(base(), c.method(), c.path(), headers, c.body());
            try {
                JsonObject problem = assertProblem(c.name(), response, c.status());
                if (c.code() != null) {
                    assertEquals(c.code(), problem.getString("code"), c.name());
                }
                assertEquals(before, head(), c.name() + ": the event store gained events");
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        }
        assertEquals(List.of(), failures, failures.size() + " of " + cases.size() + " cases failed");
    }

    private List<Case> cases(String account, String other, String dollars) {
        List<Case> cases = new ArrayList<>();
        for (String kind : List.of("deposits", "withdrawals")) {
            String path = "/accounts/" + account + "/" + kind;
            moneyBodies(cases, kind, path);
            headerCases(cases, kind, path, "{\"amount\":5}");
            transportCases(cases, kind, path, "{\"amount\":5}");
            idCases(cases, kind, "/accounts/%s/" + kind, "{\"amount\":5}");
        }
        // Opening an account.
        String[][] open = {
                {"currency missing", "{\"ownerId\":\"o\"}", "400", "invalid-request"},
                {"currency lower case", "{\"ownerId\":\"o\",\"currency\":\"eur\"}", "400", "invalid-request"},
                {"currency too long", "{\"ownerId\":\"o\",\"currency\":\"EURO\"}", "400", "invalid-request"},
                {"currency not ISO-4217", "{\"ownerId\":\"o\",\"currency\":\"XYZ\"}", "400", null},
                {"currency a number", "{\"ownerId\":\"o\",\"currency\":978}", "400", "malformed-body"},
                {"currency null", "{\"ownerId\":\"o\",\"currency\":null}", "400", "invalid-request"},
                {"owner blank", "{\"ownerId\":\" \",\"currency\":\"EUR\"}", "400", "invalid-request"},
                {"owner empty", "{\"ownerId\":\"\",\"currency\":\"EUR\"}", "400", "invalid-request"},
                {"owner too long", "{\"ownerId\":\"" + "o".repeat(65) + "\",\"currency\":\"EUR\"}", "400", "invalid-request"},
                {"owner with spaces", "{\"ownerId\":\"a b\",\"currency\":\"EUR\"}", "400", "invalid-request"},
                {"owner with control character", "{\"ownerId\":\"a\\u0000b\",\"currency\":\"EUR\"}", "400", "invalid-request"},
                {"owner a number", "{\"ownerId\":7,\"currency\":\"EUR\"}", "400", "malformed-body"},
                {"owner an object", "{\"ownerId\":{},\"currency\":\"EUR\"}", "400", "malformed-body"},
                {"owner missing for staff", "{\"currency\":\"EUR\"}", "400", "invalid-request"},
                {"overdraft negative", "{\"ownerId\":\"o\",\"currency\":\"EUR\",\"overdraftLimit\":-1}", "400", "invalid-request"},
                {"overdraft fractional", "{\"ownerId\":\"o\",\"currency\":\"EUR\",\"overdraftLimit\":1.5}", "400", "malformed-body"},
                {"overdraft a string", "{\"ownerId\":\"o\",\"currency\":\"EUR\",\"overdraftLimit\":\"5\"}", "400", "malformed-body"},
                {"overdraft above the maximum", "{\"ownerId\":\"o\",\"currency\":\"EUR\",\"overdraftLimit\":1000000000000}", "400", "INVALID_OVERDRAFT_LIMIT"},
                {"overdraft beyond long", "{\"ownerId\":\"o\",\"currency\":\"EUR\",\"overdraftLimit\":99999999999999999999}", "400", "malformed-body"},
                {"unknown field", "{\"ownerId\":\"o\",\"currency\":\"EUR\",\"balance\":1000000}", "400", "malformed-body"},
                {"duplicate key", "{\"ownerId\":\"o\",\"currency\":\"EUR\",\"currency\":\"USD\"}", "400", "malformed-body"},
                {"array body", "[{\"ownerId\":\"o\",\"currency\":\"EUR\"}]", "400", "malformed-body"},
                {"truncated", "{\"ownerId\":\"o\",", "400", "malformed-body"}};
        for (String[] o : open) {
            cases.add(new Case("open: " + o[0], "POST", "/accounts", Map.of("Content-Type", JSON), o[1],
                    Integer.parseInt(o[2]), o[3]));
        }
        transportCases(cases, "open", "/accounts", "{\"ownerId\":\"o\",\"currency\":\"EUR\"}");
        // Transfers.
        String[][] transfer = {
                {"from missing", "{\"toAccountId\":\"" + other + "\",\"amount\":5}", "400", "invalid-request"},
                {"to missing", "{\"fromAccountId\":\"" + account + "\",\"amount\":5}", "400", "invalid-request"},
                {"amount missing", "{\"fromAccountId\":\"" + account + "\",\"toAccountId\":\"" + other + "\"}", "400", "invalid-request"},
                {"from not a UUID", "{\"fromAccountId\":\"acc-1\",\"toAccountId\":\"" + other + "\",\"amount\":5}", "400", "invalid-account-id"},
                {"to not a UUID", "{\"fromAccountId\":\"" + account + "\",\"toAccountId\":\"' OR 1=1 --\",\"amount\":5}", "400", "invalid-account-id"},
                {"from a number", "{\"fromAccountId\":1,\"toAccountId\":\"" + other + "\",\"amount\":5}", "400", "malformed-body"},
                {"amount zero", transferBody(account, other, "0"), "400", "invalid-request"},
                {"amount negative", transferBody(account, other, "-5"), "400", "invalid-request"},
                {"amount fractional", transferBody(account, other, "0.5"), "400", "malformed-body"},
                {"amount a string", transferBody(account, other, "\"5\""), "400", "malformed-body"},
                {"amount above the maximum", transferBody(account, other, "100000000001"), "400", "INVALID_AMOUNT"},
                {"amount beyond long", transferBody(account, other, "9223372036854775808"), "400", "malformed-body"},
                {"reference too long", "{\"fromAccountId\":\"" + account + "\",\"toAccountId\":\"" + other
                        + "\",\"amount\":5,\"reference\":\"" + "r".repeat(141) + "\"}", "400", "invalid-request"},
                {"unknown field", "{\"fromAccountId\":\"" + account + "\",\"toAccountId\":\"" + other
                        + "\",\"amount\":5,\"fee\":0}", "400", "malformed-body"},
                {"same account", transferBody(account, account, "5"), "422", "SAME_ACCOUNT"},
                {"other currency", transferBody(account, dollars, "5"), "422", "CURRENCY_MISMATCH"},
                {"more than the balance", transferBody(account, other, "100000"), "422", "INSUFFICIENT_FUNDS"},
                {"unknown destination", transferBody(account, UNKNOWN, "5"), "404", "ACCOUNT_NOT_FOUND"},
                {"unknown source", transferBody(UNKNOWN, other, "5"), "404", "ACCOUNT_NOT_FOUND"}};
        for (String[] t : transfer) {
            cases.add(new Case("transfer: " + t[0], "POST", "/transfers", Map.of("Content-Type", JSON), t[1],
                    Integer.parseInt(t[2]), t[3]));
        }
        headerCases(cases, "transfer", "/transfers", transferBody(account, other, "5"));
        transportCases(cases, "transfer", "/transfers", transferBody(account, other, "5"));
        // Freeze and unfreeze: an optional reason.
        for (String kind : List.of("freeze", "unfreeze")) {
            String path = "/accounts/" + account + "/" + kind;
            cases.add(new Case(kind + ": reason too long", "POST", path, Map.of("Content-Type", JSON),
                    "{\"reason\":\"" + "r".repeat(141) + "\"}", 400, "INVALID_REASON"));
            cases.add(new Case(kind + ": reason a number", "POST", path, Map.of("Content-Type", JSON),
                    "{\"reason\":42}", 400, "malformed-body"));
            cases.add(new Case(kind + ": unknown field", "POST", path, Map.of("Content-Type", JSON),
                    "{\"reason\":\"x\",\"until\":\"never\"}", 400, "malformed-body"));
            cases.add(new Case(kind + ": array body", "POST", path, Map.of("Content-Type", JSON), "[]", 400,
                    "malformed-body"));
            transportCases(cases, kind, path, "{\"reason\":\"x\"}");
            idCases(cases, kind, "/accounts/%s/" + kind, "{}");
        }
        cases.add(new Case("unfreeze: an open account", "POST", "/accounts/" + other + "/unfreeze",
                Map.of("Content-Type", JSON), "{}", 409, "NOT_FROZEN"));
        // Close: no body; a balance that is not zero.
        cases.add(new Case("close: balance not zero", "POST", "/accounts/" + account + "/close", Map.of(), null, 422,
                "NON_ZERO_BALANCE"));
        cases.add(new Case("close: stale If-Match", "POST", "/accounts/" + other + "/close",
                Map.of("If-Match", "\"7\""), null, 412, "VERSION_MISMATCH"));
        cases.add(new Case("close: malformed If-Match", "POST", "/accounts/" + other + "/close",
                Map.of("If-Match", "7"), null, 400, "invalid-if-match"));
        idCases(cases, "close", "/accounts/%s/close", null);
        // The event stream query.
        String events = "/accounts/" + account + "/events";
        String[][] queries = {
                {"fromVersion zero", "?fromVersion=0", "400", "invalid-page"},
                {"fromVersion negative", "?fromVersion=-1", "400", "invalid-page"},
                {"fromVersion not a number", "?fromVersion=abc", "400", "invalid-parameter"},
                {"fromVersion fractional", "?fromVersion=1.5", "400", "invalid-parameter"},
                {"fromVersion beyond long", "?fromVersion=99999999999999999999", "400", "invalid-parameter"},
                {"limit zero", "?limit=0", "400", "invalid-page"},
                {"limit above 1000", "?limit=1001", "400", "invalid-page"},
                {"limit negative", "?limit=-10", "400", "invalid-page"},
                {"limit not a number", "?limit=ten", "400", "invalid-parameter"}};
        for (String[] q : queries) {
            cases.add(new Case("events: " + q[0], "GET", events + q[1], Map.of(), null, Integer.parseInt(q[2]), q[3]));
        }
        idCases(cases, "events", "/accounts/%s/events", null);
        // Routes and methods that do not exist.
        cases.add(new Case("unknown route", "GET", "/accounts/" + account + "/secrets", Map.of(), null, 404, null));
        cases.add(new Case("GET on a command", "GET", "/transfers", Map.of(), null, 405, null));
        cases.add(new Case("no such resource", "DELETE", "/accounts/" + account, Map.of(), null, 404, "not-found"));
        cases.add(new Case("DELETE on a command", "DELETE", "/transfers", Map.of(), null, 405, null));
        return cases;
    }

    private static void moneyBodies(List<Case> cases, String kind, String path) {
        String[][] bodies = {
                {"amount fractional", "{\"amount\":10.5}", "malformed-body"},
                {"amount with exponent", "{\"amount\":1e3}", "malformed-body"},
                {"amount a string", "{\"amount\":\"10\"}", "malformed-body"},
                {"amount a boolean", "{\"amount\":true}", "malformed-body"},
                {"amount an array", "{\"amount\":[10]}", "malformed-body"},
                {"amount an object", "{\"amount\":{\"value\":10}}", "malformed-body"},
                {"amount zero", "{\"amount\":0}", "invalid-request"},
                {"amount negative", "{\"amount\":-5}", "invalid-request"},
                {"amount null", "{\"amount\":null}", "invalid-request"},
                {"amount missing", "{\"reference\":\"x\"}", "invalid-request"},
                {"amount above the maximum", "{\"amount\":100000000001}", "INVALID_AMOUNT"},
                {"amount beyond long", "{\"amount\":100000000000000000000}", "malformed-body"},
                {"amount NaN", "{\"amount\":NaN}", "malformed-body"},
                {"reference too long", "{\"amount\":5,\"reference\":\"" + "r".repeat(141) + "\"}", "invalid-request"},
                {"reference a number", "{\"amount\":5,\"reference\":12}", "malformed-body"},
                {"reference with control characters", "{\"amount\":5,\"reference\":\"a\\u0007b\"}", "INVALID_REFERENCE"},
                {"unknown field", "{\"amount\":5,\"currency\":\"USD\"}", "malformed-body"},
                {"duplicate key", "{\"amount\":5,\"amount\":500}", "malformed-body"},
                {"empty object", "{}", "invalid-request"},
                {"array body", "[]", "malformed-body"},
                {"a bare number", "5", "malformed-body"},
                {"JSON null", "null", "invalid-request"},
                {"truncated", "{\"amount\":5", "malformed-body"},
                {"trailing garbage", "{\"amount\":5}}", "malformed-body"}};
        for (String[] b : bodies) {
            cases.add(new Case(kind + ": " + b[0], "POST", path, Map.of("Content-Type", JSON), b[1], 400, b[2]));
        }
    }

    /** Malformed command headers. */
    private static void headerCases(List<Case> cases, String kind, String path, String body) {
        Map<String, String[]> headers = new LinkedHashMap<>();
        headers.put("If-Match without quotes", new String[] {"If-Match", "2", "invalid-if-match"});
        headers.put("If-Match not a number", new String[] {"If-Match", "\"two\"", "invalid-if-match"});
        headers.put("If-Match negative", new String[] {"If-Match", "\"-1\"", "invalid-if-match"});
        headers.put("If-Match too large", new String[] {"If-Match", "\"9999999999999999999\"", "invalid-if-match"});
        headers.put("If-Match a list", new String[] {"If-Match", "\"1\", \"2\"", "invalid-if-match"});
        headers.put("Idempotency-Key too long", new String[] {"Idempotency-Key", "k".repeat(129), "invalid-idempotency-key"});
        headers.put("Idempotency-Key with spaces", new String[] {"Idempotency-Key", "a key", "invalid-idempotency-key"});
        headers.put("Idempotency-Key not ASCII", new String[] {"Idempotency-Key", "cl\u00e9", "invalid-idempotency-key"});
        for (Map.Entry<String, String[]> h : headers.entrySet()) {
            cases.add(new Case(kind + ": " + h.getKey(), "POST", path, Map.of("Content-Type", JSON, h.getValue()[0],
                    h.getValue()[1]), body, 400, h.getValue()[2]));
        }
    }

    /** Content type and size. */
    private static void transportCases(List<Case> cases, String kind, String path, String body) {
        cases.add(new Case(kind + ": text/plain", "POST", path, Map.of("Content-Type", "text/plain"), body, 415,
                "unsupported-media-type"));
        cases.add(new Case(kind + ": XML", "POST", path, Map.of("Content-Type", "application/xml"),
                "<amount>5</amount>", 415, "unsupported-media-type"));
        cases.add(new Case(kind + ": form", "POST", path, Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "amount=5", 415, "unsupported-media-type"));
        cases.add(new Case(kind + ": body over 16 KiB", "POST", path, Map.of("Content-Type", JSON),
                "{\"reference\":\"" + "r".repeat(17_000) + "\"}", 413, "payload-too-large"));
    }

    /** Malformed and unknown account ids in the path. */
    private static void idCases(List<Case> cases, String kind, String pathFormat, String body) {
        Map<String, String> contentType = body == null ? Map.of() : Map.of("Content-Type", JSON);
        String method = kind.equals("events") ? "GET" : "POST";
        String[][] ids = {
                {"id not a UUID", "acc-1", "400", "invalid-account-id"},
                {"id too long", "3f2b9c1e-8d4a-4c55-9a8e-0b6f3e2d1c7a0", "400", "invalid-account-id"},
                {"id with SQL", "x'%20OR%20'1'='1", "400", "invalid-account-id"},
                {"id unknown", UNKNOWN, "404", kind.equals("events") ? "ACCOUNT_NOT_FOUND" : "ACCOUNT_NOT_FOUND"}};
        for (String[] id : ids) {
            cases.add(new Case(kind + ": " + id[0], method, String.format(pathFormat, id[1]), contentType, body,
                    Integer.parseInt(id[2]), id[3]));
        }
    }

    private static String transferBody(String from, String to, String amount) {
        return "{\"fromAccountId\":\"" + from + "\",\"toAccountId\":\"" + to + "\",\"amount\":" + amount + "}";
    }

    private String open(String currency) {
        HttpResponse<String> response = post("/accounts", "{\"ownerId\":\"hostile\",\"currency\":\"" + currency + "\"}",
                201);
        return new JsonObject(response.body()).getString("accountId");
    }

    private HttpResponse<String> post(String path, String body, int status) {
        HttpResponse<String> response = RawHttp.send(base(), "POST", path, Map.of("Content-Type", JSON,
                "Authorization", RawHttp.bearer(TestTokens.token(Roles.ADMIN, "hostile-admin"))), body);
        assertEquals(status, response.statusCode(), response.body());
        return response;
    }

    /** The event store's head: the highest global position appended so far. */
    private long head() {
        return pool.query("SELECT coalesce(max(position), 0) FROM eventstore.events").execute()
                .map(rows -> rows.iterator().next().getLong(0)).await().atMost(Duration.ofSeconds(10));
    }

    private String base() {
        String url = root.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
