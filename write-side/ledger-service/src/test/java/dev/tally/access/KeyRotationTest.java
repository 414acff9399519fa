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
 * A verification-key rotation, first phase: the service is given a JWKS with the current key and its successor, and
 * accepts tokens signed with either (chosen by the token's {@code kid}).
 */
@QuarkusTest
@TestProfile(RotationKeys.DuringRotation.class)
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class KeyRotationTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void tokensSignedWithEitherPublishedKeyAreAccepted() {
        String byOld = TestTokens.signedWith(TestTokens.devKey(), RotationKeys.OLD_KID, Roles.ADMIN, "rotating-admin");
        String byNew = TestTokens.signedWith(RotationKeys.NEXT.getPrivate(), RotationKeys.NEW_KID, Roles.ADMIN,
                "rotating-admin");
        assertEquals(201, open(byOld).statusCode(), "old key");
        assertEquals(201, open(byNew).statusCode(), "new key");
        // With two keys published, a token must name its key: SmallRye JWT does not try each key for a token without
        // kid (the rotation procedure in the README has the issuer name its key before the second key is published).
        assertEquals("invalid-token", assertProblem("no kid", open(TestTokens.token(Roles.ADMIN, "rotating-admin")),
                401).getString("code"));
        // A kid the JWKS does not name, or a key that is not the one the kid names, is refused.
        String unknownKid = TestTokens.signedWith(RotationKeys.NEXT.getPrivate(), "tally-unknown", Roles.ADMIN, "x");
        String wrongKey = TestTokens.signedWith(RotationKeys.NEXT.getPrivate(), RotationKeys.OLD_KID, Roles.ADMIN, "x");
        assertEquals("invalid-token", assertProblem("unknown kid", open(unknownKid), 401).getString("code"));
        assertEquals("invalid-token", assertProblem("wrong key for kid", open(wrongKey), 401).getString("code"));
    }

    HttpResponse<String> open(String token) {
        return RawHttp.send(root.toString().replaceAll("/$", ""), "POST", "/accounts",
                Map.of("Authorization", bearer(token), "Content-Type", "application/json"),
                "{\"ownerId\":\"rotation\",\"currency\":\"EUR\"}");
    }
}
