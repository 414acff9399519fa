package dev.tally.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tally.access.TestTokens;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.util.KeyUtils;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The verified-token memory in front of SmallRye JWT's real verifier (development key, no service): a token is
 * verified once and answered from memory only until its own expiry or the maximum age, and only that exact string.
 */
class VerifiedTokensTest {

    private final MovableClock clock = new MovableClock();

    @Test
    void theSameTokenIsVerifiedOnceUntilItExpires() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(verifier(), 100, Duration.ofDays(1), clock);
        String token = TestTokens.token("customer", "alice");

        assertEquals("alice", tokens.parse(token).getSubject());
        assertEquals("alice", tokens.parse(token).getSubject());
        assertEquals(1, tokens.verifications());

        // The test tokens expire after an hour: past that, memory no longer answers (SmallRye JWT checks again).
        clock.advance(Duration.ofMinutes(61));
        tokens.parse(token);
        assertEquals(2, tokens.verifications());
    }

    @Test
    void aTokenIsRememberedNoLongerThanTheMaximumAge() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(verifier(), 100, Duration.ofSeconds(30), clock);
        String token = TestTokens.token("customer", "alice");
        tokens.parse(token);
        clock.advance(Duration.ofSeconds(29));
        tokens.parse(token);
        assertEquals(1, tokens.verifications());
        clock.advance(Duration.ofSeconds(2));
        tokens.parse(token);
        assertEquals(2, tokens.verifications());
    }

    @Test
    void onlyTheExactStringThatPassedIsRemembered() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(verifier(), 100, Duration.ofDays(1), clock);
        String token = TestTokens.token("customer", "alice");
        tokens.parse(token);
        String tampered = token.substring(0, token.length() - 3) + (token.endsWith("AAA") ? "BBB" : "AAA");
        assertThrows(ParseException.class, () -> tokens.parse(tampered));
        assertThrows(ParseException.class, () -> tokens.parse(TestTokens.signedByAnotherKey("customer", "alice")));
        assertThrows(ParseException.class, () -> tokens.parse(TestTokens.expired("customer", "alice")));
        assertEquals(4, tokens.verifications());
    }

    @Test
    void sizeZeroVerifiesEveryTime() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(verifier(), 0, Duration.ofDays(1), clock);
        String token = TestTokens.token("customer", "alice");
        tokens.parse(token);
        tokens.parse(token);
        assertEquals(2, tokens.verifications());
    }

    private static DefaultJWTParser verifier() throws Exception {
        try (InputStream pem = VerifiedTokensTest.class.getClassLoader()
                .getResourceAsStream(VerificationKeyGuard.DEV_KEY_RESOURCE)) {
            JWTAuthContextInfo context = new JWTAuthContextInfo(
                    KeyUtils.decodePublicKey(new String(pem.readAllBytes(), StandardCharsets.UTF_8)), TestTokens.ISSUER);
            context.setExpectedAudience(Set.of(TestTokens.AUDIENCE));
            return new DefaultJWTParser(context);
        }
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
