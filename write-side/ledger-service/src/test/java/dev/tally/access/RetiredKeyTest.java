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
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A verification-key rotation, last phase: the old key is retired from the JWKS, and tokens signed with it are refused
 * with a 401 problem while the successor's are accepted.
 */
@QuarkusTest
@TestProfile(RotationKeys.OldKeyRetired.class)
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class RetiredKeyTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void tokensOfTheRetiredKeyAreRefused() {
        String byOld = TestTokens.signedWith(TestTokens.devKey(), RotationKeys.OLD_KID, Roles.ADMIN, "rotating-admin");
        String byOldWithoutKid = TestTokens.token(Roles.ADMIN, "rotating-admin");
        String byNew = TestTokens.signedWith(RotationKeys.NEXT.getPrivate(), RotationKeys.NEW_KID, Roles.ADMIN,
                "rotating-admin");
        assertEquals("invalid-token", assertProblem("retired key", open(byOld), 401).getString("code"));
        assertEquals("invalid-token", assertProblem("retired key, no kid", open(byOldWithoutKid), 401)
                .getString("code"));
        assertEquals(201, open(byNew).statusCode(), "new key");
    }

    HttpResponse<String> open(String token) {
        return RawHttp.send(root.toString().replaceAll("/$", ""), "POST", "/accounts",
                Map.of("Authorization", bearer(token), "Content-Type", "application/json"),
                "{\"ownerId\":\"rotation\",\"currency\":\"EUR\"}");
    }
}
