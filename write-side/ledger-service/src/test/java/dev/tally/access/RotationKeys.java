package dev.tally.access;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;

/**
 * The two keys of a verification-key rotation: the current one (the development key, {@code kid} {@value #OLD_KID})
 * and its successor ({@value #NEW_KID}, made for the test run), and the JWKS files a service is given in each phase.
 */
final class RotationKeys {

    static final String OLD_KID = "tally-dev-1";
    static final String NEW_KID = "tally-next-2";
    static final KeyPair NEXT = generate();

    private RotationKeys() {
    }

    /** Both keys published: tokens signed with either are accepted. */
    public static final class DuringRotation implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.jwt.verify.publickey.location", jwks("both", true).toString());
        }
    }

    /** The old key retired: only the successor is published. */
    public static final class OldKeyRetired implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.jwt.verify.publickey.location", jwks("next-only", false).toString());
        }
    }

    static Path jwks(String name, boolean withOld) {
        try {
            List<JsonWebKey> keys = new ArrayList<>();
            if (withOld) {
                keys.add(jwk(publicOf((RSAPrivateCrtKey) TestTokens.devKey()), OLD_KID));
            }
            keys.add(jwk(NEXT.getPublic(), NEW_KID));
            Path file = Files.createTempFile("tally-jwks-" + name + "-", ".json");
            file.toFile().deleteOnExit();
            Files.writeString(file, new JsonWebKeySet(keys).toJson());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | org.jose4j.lang.JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonWebKey jwk(PublicKey key, String kid) throws org.jose4j.lang.JoseException {
        RsaJsonWebKey jwk = (RsaJsonWebKey) JsonWebKey.Factory.newJwk(key);
        jwk.setKeyId(kid);
        jwk.setUse("sig");
        jwk.setAlgorithm("RS256");
        return jwk;
    }

    private static PublicKey publicOf(RSAPrivateCrtKey key) throws GeneralSecurityException {
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
