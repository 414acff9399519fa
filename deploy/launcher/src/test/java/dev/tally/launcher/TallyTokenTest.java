package dev.tally.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TallyTokenTest {

    private static final Path REPO = Path.of("../..");

    @Test
    void aMintedTokenVerifiesWithTheDevelopmentPublicKeyAndCarriesTheClaims() throws Exception {
        Instant now = Instant.parse("2026-03-01T10:00:00Z");
        String token = TallyToken.mint(TallyToken.privateKey(REPO.resolve(TallyToken.KEY)), "customer", "alice", now,
                Duration.ofHours(8));
        String[] parts = token.split("\\.");
        assertEquals(3, parts.length);
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(publicKey());
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rs256.verify(Base64.getUrlDecoder().decode(parts[2])), "signed by the development key");
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertTrue(header.contains("\"alg\":\"RS256\""), header);
        for (String claim : new String[] {"\"iss\":\"tally-dev\"", "\"aud\":\"tally\"", "\"sub\":\"alice\"",
                "\"upn\":\"alice\"", "\"groups\":[\"customer\"]", "\"iat\":" + now.getEpochSecond(),
                "\"exp\":" + (now.getEpochSecond() + 8 * 3600)}) {
            assertTrue(claims.contains(claim), claim + " in " + claims);
        }
    }

    @Test
    void unknownRolesAndOddSubjectsAreRefused() throws Exception {
        var key = TallyToken.privateKey(REPO.resolve(TallyToken.KEY));
        assertThrows(IllegalArgumentException.class, () -> TallyToken.mint(key, "root", "x", Instant.now(),
                Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> TallyToken.mint(key, "customer", "a\",\"groups\":[\"admin",
                Instant.now(), Duration.ofHours(1)));
        assertFalse(TallyToken.SUBJECT.matcher("").matches());
    }

    private static PublicKey publicKey() throws Exception {
        String body = Files.readString(REPO.resolve("deploy/dev-keys/tally-dev-public.pem"))
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
    }
}
