package dev.tally.access;

import static dev.tally.access.ProblemShape.assertProblem;
import static dev.tally.access.RawHttp.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.engines.testing.RealEngines;
import dev.tally.platform.security.Roles;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Request headers above tally.http.max-header-size: 431 as a problem, like every other error, with or without a token. */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class OversizedHeadersTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void oversizedHeadersAre431Problems() {
        String base = root.toString().replaceAll("/$", "");
        String big = "x".repeat(20 * 1024);
        var command = RawHttp.send(base, "POST", "/accounts", Map.of("Authorization",
                bearer(TestTokens.token(Roles.ADMIN, "a")), "Content-Type", "application/json", "X-Padding", big),
                "{\"ownerId\":\"h\",\"currency\":\"EUR\"}");
        assertEquals("headers-too-large", assertProblem("command", command, 431).getString("code"));
        var anonymous = RawHttp.send(base, "GET", "/accounts/x/events", Map.of("X-Padding", big), null);
        assertEquals("headers-too-large", assertProblem("anonymous", anonymous, 431).getString("code"));
        // Just below the limit is served as usual.
        var fine = RawHttp.send(base, "POST", "/accounts", Map.of("Authorization",
                bearer(TestTokens.token(Roles.ADMIN, "a")), "Content-Type", "application/json",
                "X-Padding", "x".repeat(12 * 1024)), "{\"ownerId\":\"h\",\"currency\":\"EUR\"}");
        assertEquals(201, fine.statusCode(), fine.body());
    }
}
