package dev.tally.launcher;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Mints a development JWT for the local run: {@code ./tally-token <role> [subject] [hours]} prints a token signed
 * (RS256) with the committed development key {@code deploy/dev-keys/tally-dev-private.pem}, issuer {@code tally-dev},
 * audience {@code tally}, with {@code sub} and {@code upn} = subject and {@code groups} = [role], valid for 8 hours
 * unless told otherwise. Only services running with the development key (profiles dev, test, local) accept it.
 *
 * <p>JDK only, so {@code java TallyToken.java} runs it without a build.
 */
public final class TallyToken {

    public static final String ISSUER = "tally-dev";
    public static final String AUDIENCE = "tally";
    public static final List<String> ROLES = List.of("customer", "backoffice", "auditor", "admin");
    static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    static final String KEY = "deploy/dev-keys/tally-dev-private.pem";

    private TallyToken() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 3 || !ROLES.contains(args[0])) {
            System.err.println("Usage: ./tally-token <customer|backoffice|auditor|admin> [subject] [hours]");
            System.err.println("  customer: the subject is the owner id of their accounts, e.g. ./tally-token customer alice");
            System.err.println("  other roles: the subject defaults to the role name; hours defaults to 8");
            System.exit(2);
        }
        String role = args[0];
        String subject = args.length > 1 ? args[1] : role;
        long hours = args.length > 2 ? Long.parseLong(args[2]) : 8;
        if (!SUBJECT.matcher(subject).matches() || hours < 1 || hours > 24 * 30) {
            System.err.println("The subject must be 1 to 64 of A-Z a-z 0-9 . _ @ - and hours from 1 to 720");
            System.exit(2);
        }
        System.out.println(mint(privateKey(findKey()), role, subject, Instant.now(), Duration.ofHours(hours)));
    }

    /** A compact JWS: base64url(header).base64url(claims).base64url(RS256 signature). */
    public static String mint(PrivateKey key, String role, String subject, Instant now, Duration validity)
            throws Exception {
        if (!ROLES.contains(role) || !SUBJECT.matcher(subject).matches()) {
            throw new IllegalArgumentException("role must be one of " + ROLES + " and the subject a plain id");
        }
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"" + subject
                + "\",\"upn\":\"" + subject + "\",\"groups\":[\"" + role + "\"],\"iat\":" + now.getEpochSecond()
                + ",\"exp\":" + now.plus(validity).getEpochSecond() + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        String signingInput = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(claims.getBytes(StandardCharsets.UTF_8));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(key);
        rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + base64Url(rs256.sign());
    }

    /** Reads a PKCS#8 PEM private key. */
    public static PrivateKey privateKey(Path pem) throws Exception {
        String body = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    /** The development key of the repository: {@code -Dtally.repo}, else the nearest enclosing checkout. */
    static Path findKey() {
        String repo = System.getProperty("tally.repo");
        if (repo != null) {
            return Path.of(repo).resolve(KEY);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(KEY))) {
                return dir.resolve(KEY);
            }
        }
        throw new IllegalStateException(KEY + " not found: run ./tally-token from the repository");
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
