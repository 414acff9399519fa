package dev.tally.projection.conformance;

import dev.tally.access.TestTokens;
import dev.tally.platform.security.Roles;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Conformance test of the runtime's {@code GET /consistency/accounts} on a view
 * ({@code @QuarkusTest class FingerprintTest extends FingerprintEndpointContract}, from the runtime's test-jar): the
 * view seeds three adjacent accounts {@link #ONE}, {@link #TWO}, {@link #THREE} (opened, moved, the third frozen) and
 * asserts what its own rows say; this class checks what every view's endpoint does the same way: admin only, 503 when
 * the view does not reach {@code minPosition}, 400 for a bad parameter, each row with exactly the declared fields.
 */
public abstract class FingerprintEndpointContract {

    /** Three adjacent ids: a random prefix no other test shares, then 1, 2, 3. */
    private static final String PREFIX = UUID.randomUUID().toString().substring(0, 8) + "-0000-4000-8000-00000000000";
    protected static final String BEFORE = PREFIX + "0";
    protected static final String ONE = PREFIX + "1";
    protected static final String TWO = PREFIX + "2";
    protected static final String THREE = PREFIX + "3";
    private static long seededAt;

    private final String admin = TestTokens.token(Roles.ADMIN, "fingerprint-test");

    /** Writes the three accounts' events to the view's log; returns the position of the last one. */
    protected abstract long seed();

    /** The JSON names of the fields this view's rows carry (the key, accountId, included). */
    protected abstract Set<String> declaredFields();

    @BeforeEach
    void seedOnce() {
        if (seededAt > 0) {
            return;
        }
        seededAt = seed();
        waitForView(seededAt);
    }

    protected static long seededAt() {
        return seededAt;
    }

    @Test
    public void aPositionTheViewDoesNotReachIs503() {
        given().header("Authorization", "Bearer " + admin)
                .get("/consistency/accounts?minPosition=" + (seededAt + 1_000_000))
                .then().statusCode(503).contentType("application/problem+json")
                .body("code", equalTo("view-not-caught-up"));
        given().header("Authorization", "Bearer " + admin).get("/consistency/accounts?minPosition=-1")
                .then().statusCode(400).body("code", equalTo("invalid-min-position"));
        for (String limit : List.of("0", "1001")) {
            given().header("Authorization", "Bearer " + admin).get("/consistency/accounts?limit=" + limit)
                    .then().statusCode(400).body("code", equalTo("invalid-limit"));
        }
    }

    @Test
    public void onlyAdmin() {
        given().get("/consistency/accounts").then().statusCode(401).contentType("application/problem+json");
        for (String role : List.of(Roles.CUSTOMER, Roles.BACKOFFICE, Roles.AUDITOR)) {
            given().header("Authorization", "Bearer " + TestTokens.token(role, "fp"))
                    .get("/consistency/accounts").then().statusCode(403).contentType("application/problem+json");
        }
    }

    @Test
    public void accountsComeInIdOrderPagedByAfterUntilAndLimit() {
        assertEquals(List.of(ONE, TWO), page("after=" + BEFORE + "&limit=2").getList("accounts.accountId"));
        assertEquals(List.of(THREE), page("after=" + TWO + "&until=" + THREE + "&limit=2").getList("accounts.accountId"));
        assertEquals(List.of(ONE, TWO), page("after=" + BEFORE + "&until=" + TWO + "&limit=10")
                .getList("accounts.accountId"));
        List<String> all = page("limit=1000").getList("accounts.accountId");
        assertEquals(all.stream().sorted().toList(), all, "ordered by account id");
    }

    @Test
    public void everyRowCarriesTheKeyAndExactlyTheDeclaredFields() {
        List<Map<String, Object>> rows = page("after=" + BEFORE + "&until=" + THREE + "&limit=10").getList("accounts");
        assertEquals(3, rows.size());
        rows.forEach(row -> assertEquals(declaredFields(), row.keySet(), row.toString()));
    }

    protected JsonPath page(String query) {
        return given().header("Authorization", "Bearer " + admin).get("/consistency/accounts?" + query)
                .then().statusCode(200).extract().jsonPath();
    }

    private void waitForView(long position) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Response response = given().header("Authorization", "Bearer " + admin)
                    .get("/consistency/accounts?limit=1&minPosition=" + position);
            if (response.statusCode() == 200) {
                return;
            }
            assertEquals(503, response.statusCode(), response.asString());
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the view did not reach position " + position + ": " + response.asString());
            }
        }
    }
}
