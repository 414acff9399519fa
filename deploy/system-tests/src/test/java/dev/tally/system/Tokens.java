package dev.tally.system;

import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

/** Tokens for the system's processes, which run with the development key (dev.tally.engines.DevelopmentKey). */
public final class Tokens {

    private static final PrivateKey DEV_KEY = devKey();

    private Tokens() {}

    public static String token(String role, String subject) {
        return Jwt.issuer("tally-dev").audience("tally").subject(subject).upn(subject).groups(Set.of(role))
                .expiresIn(Duration.ofHours(2)).sign(DEV_KEY);
    }

    /** A correctly signed token that expired an hour ago. */
    public static String expired(String role, String subject) {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.issuer("tally-dev").audience("tally").subject(subject).upn(subject).groups(Set.of(role))
                .issuedAt(now - 7200).expiresAt(now - 3600).sign(DEV_KEY);
    }

    private static PrivateKey devKey() {
        try {
            String pem = Files.readString(TallySystem.REPO.resolve("deploy/dev-keys/tally-dev-private.pem"));
            String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the development key", e);
        }
    }
}
