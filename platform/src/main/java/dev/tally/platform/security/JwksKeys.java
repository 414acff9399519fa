package dev.tally.platform.security;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/** Reads a JWKS (or a single JWK) with jose4j, the library SmallRye JWT verifies with, to compare its keys. */
final class JwksKeys {

    private JwksKeys() {
    }

    /** Whether {@code text}, a JWKS or a JWK, holds the public key whose PEM is {@code pem}. */
    static boolean contains(String text, String pem) {
        String trimmed = text.trim();
        if (!trimmed.startsWith("{")) {
            return false;
        }
        byte[] wanted = Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        try {
            var keys = trimmed.contains("\"keys\"") ? new JsonWebKeySet(trimmed).getJsonWebKeys()
                    : java.util.List.of(JsonWebKey.Factory.newJwk(trimmed));
            for (JsonWebKey key : keys) {
                if (key instanceof PublicJsonWebKey publicKey) {
                    PublicKey material = publicKey.getPublicKey();
                    if (material != null && Arrays.equals(material.getEncoded(), wanted)) {
                        return true;
                    }
                }
            }
            return false;
        } catch (JoseException | IllegalArgumentException e) {
            return false;
        }
    }
}
