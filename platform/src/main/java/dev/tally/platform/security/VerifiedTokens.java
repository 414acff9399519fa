package dev.tally.platform.security;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Remembers tokens already verified, so a client that sends the same bearer token with every request pays for one
 * signature check, not one per request (RS256 verification was a fifth of the write side's CPU samples under load,
 * see bench/results). Everything else is SmallRye JWT's: a token not remembered is parsed and verified by it, with
 * every check it makes (signature, issuer, audience, expiry, required claims).
 * <p>
 * A remembered token is the exact string that passed those checks with the same verification settings; it is
 * answered from memory until its own expiry or {@code tally.security.verified-token-max-age}, whichever comes first,
 * so a token never outlives its {@code exp} and a key rotation takes effect for remembered tokens within that age.
 * At most {@code tally.security.verified-token-cache-size} tokens are kept (0 turns this off); when full, all are
 * forgotten at once, which costs one verification per client and needs no bookkeeping per request.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    private record Verified(JsonWebToken token, JWTAuthContextInfo context, long validUntilMillis) {
    }

    private final JWTParser verifier;
    private final int capacity;
    private final long maxAgeMillis;
    private final Clock clock;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();
    private final AtomicLong verifications = new AtomicLong();

    @Inject
    VerifiedTokens(DefaultJWTParser verifier,
                   @ConfigProperty(name = "tally.security.verified-token-cache-size", defaultValue = "10000") int capacity,
                   @ConfigProperty(name = "tally.security.verified-token-max-age", defaultValue = "5m") Duration maxAge) {
        this(verifier, capacity, maxAge, Clock.systemUTC());
    }

    VerifiedTokens(JWTParser verifier, int capacity, Duration maxAge, Clock clock) {
        this.verifier = verifier;
        this.capacity = capacity;
        this.maxAgeMillis = maxAge.toMillis();
        this.clock = clock;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        return parse(token, null);
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        long now = clock.millis();
        Verified known = capacity > 0 && token != null ? verified.get(token) : null;
        if (known != null && known.context() == context && now < known.validUntilMillis()) {
            return known.token();
        }
        verifications.incrementAndGet();
        JsonWebToken parsed = context == null ? verifier.parse(token) : verifier.parse(token, context);
        if (capacity > 0) {
            long expires = parsed.getExpirationTime() * 1000L;
            if (verified.size() >= capacity) {
                verified.clear();
            }
            verified.put(token, new Verified(parsed, context, Math.min(expires, now + maxAgeMillis)));
        }
        return parsed;
    }

    /** Tokens verified by SmallRye JWT so far (not answered from memory). */
    public long verifications() {
        return verifications.get();
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
