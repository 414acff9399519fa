package dev.tally.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class VerificationKeyGuardTest {

    private static final String DEV_KEY = read("../deploy/dev-keys/tally-dev-public.pem");
    private static final String OTHER_KEY = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAother\n"
            + "-----END PUBLIC KEY-----\n";
    private static final Function<String, Optional<String>> FILES = location -> Optional.ofNullable(
            Map.of("/etc/tally/prod.pem", OTHER_KEY, "/tmp/copy-of-dev.pem", DEV_KEY).get(location));

    @Test
    void theBundledDevelopmentKeyIsTheCommittedOne() {
        assertTrue(VerificationKeyGuard.sameKey(DEV_KEY, VerificationKeyGuard.read(VerificationKeyGuard.DEV_KEY_RESOURCE)
                .orElseThrow()), "the jar must carry deploy/dev-keys/tally-dev-public.pem");
    }

    @Test
    void aRealKeyWithIssuerAndAudiencePasses() {
        assertEquals(List.of(), problems(Optional.empty(), Optional.of("/etc/tally/prod.pem"), false));
        assertEquals(List.of(), problems(Optional.empty(), Optional.of("https://idp.example/jwks"), false));
        assertEquals(List.of(), problems(Optional.of(OTHER_KEY), Optional.empty(), false));
    }

    @Test
    void nothingConfiguredIsRefusedWithEveryMissingSettingNamed() {
        List<String> problems = VerificationKeyGuard.problems(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false, FILES, DEV_KEY);
        assertEquals(3, problems.size(), problems.toString());
        String all = String.join(" ", problems);
        assertTrue(all.contains("mp.jwt.verify.publickey.location") && all.contains("mp.jwt.verify.issuer")
                && all.contains("mp.jwt.verify.audiences"), all);
    }

    @Test
    void theDevelopmentKeyIsRefusedUnlessAllowed() {
        for (Optional<String> location : List.of(Optional.of("/tmp/copy-of-dev.pem"),
                Optional.of("classpath:" + VerificationKeyGuard.DEV_KEY_RESOURCE))) {
            List<String> problems = problems(Optional.empty(), location, false);
            assertEquals(1, problems.size(), location + " " + problems);
            assertTrue(problems.get(0).contains("development key"), problems.get(0));
            assertEquals(List.of(), problems(Optional.empty(), location, true));
        }
        String reformatted = DEV_KEY.replace("\n", "\r\n  ");
        assertEquals(1, problems(Optional.of(reformatted), Optional.empty(), false).size());
    }

    @Test
    void aJwksHoldingTheDevelopmentKeyIsRefusedUnlessAllowed() throws Exception {
        java.security.PublicKey dev = java.security.KeyFactory.getInstance("RSA").generatePublic(
                new java.security.spec.X509EncodedKeySpec(java.util.Base64.getDecoder().decode(
                        DEV_KEY.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""))));
        var generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var devJwk = org.jose4j.jwk.JsonWebKey.Factory.newJwk(dev);
        devJwk.setKeyId("dev");
        var otherJwk = org.jose4j.jwk.JsonWebKey.Factory.newJwk(generator.generateKeyPair().getPublic());
        otherJwk.setKeyId("other");
        String withDev = new org.jose4j.jwk.JsonWebKeySet(otherJwk, devJwk).toJson();
        String withoutDev = new org.jose4j.jwk.JsonWebKeySet(otherJwk).toJson();
        Function<String, Optional<String>> files = location -> Optional.ofNullable(
                Map.of("/etc/tally/with-dev.json", withDev, "/etc/tally/rotation.json", withoutDev).get(location));
        List<String> refused = VerificationKeyGuard.problems(Optional.empty(), Optional.of("/etc/tally/with-dev.json"),
                Optional.of("https://idp.example"), Optional.of("tally"), false, files, DEV_KEY);
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(refused.get(0).contains("development key"), refused.get(0));
        assertEquals(List.of(), VerificationKeyGuard.problems(Optional.empty(), Optional.of("/etc/tally/rotation.json"),
                Optional.of("https://idp.example"), Optional.of("tally"), false, files, DEV_KEY));
        assertEquals(List.of(), VerificationKeyGuard.problems(Optional.empty(), Optional.of("/etc/tally/with-dev.json"),
                Optional.of("https://idp.example"), Optional.of("tally"), true, files, DEV_KEY));
    }

    private static List<String> problems(Optional<String> inline, Optional<String> location, boolean allowDevKey) {
        return VerificationKeyGuard.problems(inline, location, Optional.of("https://idp.example"),
                Optional.of("tally"), allowDevKey, FILES, DEV_KEY);
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
