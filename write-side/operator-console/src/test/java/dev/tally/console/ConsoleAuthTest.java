package dev.tally.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** Why a token is refused, as the login page says it (the verifier itself is SmallRye JWT's, tested there). */
class ConsoleAuthTest {

    private final ConsoleAuth auth = new ConsoleAuth(refusingParser());

    @Test
    void noTokenIsMissing() {
        assertEquals(ConsoleAuth.Refusal.MISSING, auth.check(null).refusal());
        assertEquals(ConsoleAuth.Refusal.MISSING, auth.check("  ").refusal());
    }

    @Test
    void aRefusedTokenWhoseExpiryHasPassedIsExpiredOtherwiseInvalid() {
        long past = Instant.now().getEpochSecond() - 3600;
        ConsoleAuth.Check expired = auth.check(token("{\"sub\":\"ops\",\"exp\":" + past + "}"));
        assertEquals(ConsoleAuth.Refusal.EXPIRED, expired.refusal());
        assertTrue(expired.detail().contains(Instant.ofEpochSecond(past).toString()), expired.detail());
        assertEquals(ConsoleAuth.Refusal.EXPIRED, auth.check("Bearer " + token("{\"exp\":" + past + "}")).refusal());

        long future = Instant.now().getEpochSecond() + 3600;
        assertEquals(ConsoleAuth.Refusal.INVALID, auth.check(token("{\"exp\":" + future + "}")).refusal());
        assertEquals(ConsoleAuth.Refusal.INVALID, auth.check("not-a-token").refusal());
        assertEquals(ConsoleAuth.Refusal.INVALID, auth.check("a.%%%.c").refusal());
    }

    @Test
    void unknownReasonsInTheLoginUrlReadAsMissing() {
        assertEquals(ConsoleAuth.Refusal.MISSING, ConsoleAuth.Refusal.named("<script>"));
        assertEquals(ConsoleAuth.Refusal.EXPIRED, ConsoleAuth.Refusal.named("EXPIRED"));
    }

    private static String token(String claims) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        return url.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    /** A verifier that refuses everything, as SmallRye JWT refuses an expired or foreign token. */
    private static JWTParser refusingParser() {
        return (JWTParser) Proxy.newProxyInstance(JWTParser.class.getClassLoader(), new Class<?>[] {JWTParser.class},
                (proxy, method, args) -> {
                    throw new ParseException("refused");
                });
    }
}
