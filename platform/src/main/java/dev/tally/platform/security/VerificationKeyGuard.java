package dev.tally.platform.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start a service that could not verify tokens properly: no public key (or JWKS) configured, no issuer or
 * audience to check, or the committed development key unless allowed ({@code tally.security.allow-dev-key=true}: the
 * {@code dev} and {@code test} profiles, and the local run's environment). Without this, SmallRye JWT would start and then answer
 * 401 to everyone, or a production service would trust tokens anybody can sign with the published private key.
 */
@ApplicationScoped
public class VerificationKeyGuard {

    /** The development public key as bundled in this jar (copied from deploy/dev-keys at build). */
    static final String DEV_KEY_RESOURCE = "dev-keys/tally-dev-public.pem";

    void check(@Observes StartupEvent started, Config config) {
        List<String> problems = problems(
                config.getOptionalValue("mp.jwt.verify.publickey", String.class),
                config.getOptionalValue("mp.jwt.verify.publickey.location", String.class)
                        .or(() -> config.getOptionalValue("smallrye.jwt.verify.key.location", String.class)),
                config.getOptionalValue("mp.jwt.verify.issuer", String.class),
                config.getOptionalValue("mp.jwt.verify.audiences", String.class),
                config.getOptionalValue("tally.security.allow-dev-key", Boolean.class).orElse(false),
                VerificationKeyGuard::read,
                read(DEV_KEY_RESOURCE).orElse(null));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Refusing to start: token verification is not configured safely. "
                    + String.join(" ", problems)
                    + " Set MP_JWT_VERIFY_PUBLICKEY_LOCATION (PEM/JWK file or JWKS URL), MP_JWT_VERIFY_ISSUER and"
                    + " MP_JWT_VERIFY_AUDIENCES; a local run (./run-local) adds the development key with TALLY_SECURITY_ALLOW_DEV_KEY=true.");
        }
    }

    /**
     * What is wrong with the verification settings (empty when nothing). {@code load} reads a key location;
     * {@code devKey} is the development public key's PEM text.
     */
    static List<String> problems(Optional<String> inlineKey, Optional<String> location, Optional<String> issuer,
                                 Optional<String> audiences, boolean allowDevKey,
                                 Function<String, Optional<String>> load, String devKey) {
        List<String> problems = new ArrayList<>();
        if (inlineKey.isEmpty() && location.isEmpty()) {
            problems.add("No verification key: neither mp.jwt.verify.publickey nor mp.jwt.verify.publickey.location"
                    + " is set.");
        }
        if (issuer.isEmpty()) {
            problems.add("No issuer: mp.jwt.verify.issuer is not set.");
        }
        if (audiences.isEmpty()) {
            problems.add("No audience: mp.jwt.verify.audiences is not set.");
        }
        if (!allowDevKey && devKey != null) {
            boolean isDevKey = inlineKey.map(key -> sameKey(key, devKey)).orElse(false)
                    || location.filter(l -> !isRemote(l)).flatMap(load)
                            .map(key -> sameKey(key, devKey) || JwksKeys.contains(key, devKey)).orElse(false)
                    || location.map(l -> l.endsWith(DEV_KEY_RESOURCE)).orElse(false);
            if (isDevKey) {
                problems.add("The configured key is the committed development key (deploy/dev-keys), whose private"
                        + " half is public; it is accepted only with tally.security.allow-dev-key=true"
                        + " (dev and test profiles, the local run).");
            }
        }
        return problems;
    }

    /** Same key material, whatever the PEM armour, line breaks or whitespace. */
    static boolean sameKey(String a, String b) {
        return !body(a).isEmpty() && body(a).equals(body(b));
    }

    private static String body(String pem) {
        return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }

    private static boolean isRemote(String location) {
        return location.startsWith("http://") || location.startsWith("https://");
    }

    /** A key location as SmallRye JWT reads it: {@code classpath:}, {@code file:}, a file path or a resource path. */
    static Optional<String> read(String location) {
        try {
            if (location.startsWith("classpath:")) {
                return resource(location.substring("classpath:".length()));
            }
            Path file = Path.of(location.startsWith("file:") ? location.substring("file:".length()) : location);
            if (Files.isRegularFile(file)) {
                return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
            }
            return resource(location);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> resource(String path) throws IOException {
        String name = path.startsWith("/") ? path.substring(1) : path;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
