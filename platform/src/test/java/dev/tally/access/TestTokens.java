package dev.tally.access;

import dev.tally.platform.security.Roles;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Tokens for the tests, signed with the committed development key (deploy/dev-keys) by SmallRye JWT Build, as the
 * services expect them in the test profile: issuer {@code tally-dev}, audience {@code tally}, role in {@code groups}.
 * As a JUnit extension ({@code @ExtendWith(TestTokens.AdminByDefault.class)}) it makes every rest-assured request of a
 * test class carry an admin token, for tests about something other than access control.
 */
public final class TestTokens {

    public static final String ISSUER = "tally-dev";
    public static final String AUDIENCE = "tally";
    private static final PrivateKey DEV_KEY = devPrivateKey();

    private TestTokens() {}

    /** A valid token for one hour. */
    public static String token(String role, String subject) {
        return claims(role, subject).sign(DEV_KEY);
    }

    /** A request carrying a valid token. */
    public static RequestSpecification as(String role, String subject) {
        return RestAssured.given().header("Authorization", "Bearer " + token(role, subject));
    }

    /** A valid token whose header names the signing key ({@code kid}), as an issuer with a JWKS signs them. */
    public static String signedWith(PrivateKey key, String kid, String role, String subject) {
        return claims(role, subject).jws().keyId(kid).sign(key);
    }

    /** The committed development private key (deploy/dev-keys). */
    public static PrivateKey devKey() {
        return DEV_KEY;
    }

    public static String expired(String role, String subject) {
        Instant issued = Instant.now().minus(Duration.ofHours(3));
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject).upn(subject).groups(Set.of(role))
                .issuedAt(issued).expiresAt(issued.plus(Duration.ofHours(1))).sign(DEV_KEY);
    }

    /** Well-formed, but signed by a key the service does not trust. */
    public static String signedByAnotherKey(String role, String subject) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return claims(role, subject).sign(generator.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String fromAnotherIssuer(String role, String subject) {
        return claims(role, subject).issuer("https://attacker.example").sign(DEV_KEY);
    }

    public static String forAnotherAudience(String role, String subject) {
        return claims(role, subject).audience("another-service").sign(DEV_KEY);
    }

    /** Signed and valid, but naming nobody: without a subject there is no actor to record. */
    public static String withoutSubject(String role) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).groups(Set.of(role)).expiresIn(Duration.ofHours(1)).sign(DEV_KEY);
    }

    /** The token with its signature replaced by "none": an unsigned token must never pass. */
    public static String unsigned(String role, String subject) {
        String token = token(role, subject);
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return header + token.substring(token.indexOf('.'), token.lastIndexOf('.') + 1);
    }

    private static JwtClaimsBuilder claims(String role, String subject) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject).upn(subject).groups(Set.of(role))
                .expiresIn(Duration.ofHours(1));
    }

    /**
     * Every rest-assured request of the test class carries an admin token (unless it sets its own Authorization);
     * removed afterwards. A filter, not a default request specification, so Quarkus's test port still applies.
     */
    public static final class AdminByDefault implements BeforeAllCallback, AfterAllCallback {

        private static final Filter ADMIN = (request, response, chain) -> {
            if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                request.header("Authorization", "Bearer " + token(Roles.ADMIN, "test-admin"));
            }
            return chain.next(request, response);
        };

        @Override
        public void beforeAll(ExtensionContext context) {
            RestAssured.filters(ADMIN);
        }

        @Override
        public void afterAll(ExtensionContext context) {
            RestAssured.replaceFiltersWith(RestAssured.filters().stream().filter(f -> f != ADMIN).toList());
        }
    }

    private static PrivateKey devPrivateKey() {
        try {
            for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                Path pem = dir.resolve("deploy/dev-keys/tally-dev-private.pem");
                if (Files.isRegularFile(pem)) {
                    String body = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
                    return KeyFactory.getInstance("RSA")
                            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
                }
            }
            throw new IllegalStateException("deploy/dev-keys/tally-dev-private.pem not found above " + Path.of("")
                    .toAbsolutePath());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
