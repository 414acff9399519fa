package dev.tally.access;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.engines.testing.RealEngines;
import dev.tally.platform.security.Roles;
import dev.tally.platform.security.VerifiedTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The service verifies a bearer token once, not on every request (tally-platform's {@link VerifiedTokens} is the
 * parser SmallRye JWT uses), and a token that fails verification is refused every time.
 */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class VerifiedTokensWiringTest {

    @Inject
    JWTParser parser;

    @Test
    void aTokenSentThreeTimesIsVerifiedOnceAndABadOneIsRefusedEachTime() {
        VerifiedTokens tokens = (VerifiedTokens) parser;
        String token = TestTokens.token(Roles.ADMIN, "admin-cache");
        long before = tokens.verifications();
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).get("/relay").then().statusCode(200);
        }
        assertEquals(1, tokens.verifications() - before);

        String expired = TestTokens.expired(Roles.ADMIN, "admin-cache");
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(expired).get("/relay").then().statusCode(401);
        }
    }
}
