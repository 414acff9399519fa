package dev.tally.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.platform.security.Roles;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Decides who may use the console: a token that the service's own verifier accepts (signature, issuer, audience,
 * expiry; {@code dev.tally.platform.security.VerifiedTokens}) and whose {@code groups} hold {@code admin}. The token
 * itself is kept in an HttpOnly cookie ({@link ConsoleCookie}) and forwarded to the APIs, which check it again.
 */
@ApplicationScoped
public class ConsoleAuth {

    /** Why someone is on the login page; written in its URL as the constant's name, never with the token. */
    public enum Refusal {
        MISSING("Paste an admin token to open the console."),
        EXPIRED("Your token has expired: mint a new one (./tally-token admin) and sign in again."),
        INVALID("The token was refused (wrong signature, issuer or audience, or not a JWT)."),
        NOT_ADMIN("This token does not carry the admin role: the console is for admins only."),
        SIGNED_OUT("You are signed out.");

        public final String message;

        Refusal(String message) {
            this.message = message;
        }

        /** A token was given and refused (not merely absent or signed out). */
        boolean isProblem() {
            return this == EXPIRED || this == INVALID || this == NOT_ADMIN;
        }

        static Refusal named(String name) {
            for (Refusal r : values()) {
                if (r.name().equals(name)) {
                    return r;
                }
            }
            return MISSING;
        }
    }

    /** An admin's session: the token to forward, who it is and until when. */
    public record Admin(String token, String subject, Instant expiresAt) {
        public String authorization() {
            return "Bearer " + token;
        }
    }

    /** Either an admin or the reason there is none (with details for the login form, never the token). */
    public record Check(Admin admin, Refusal refusal, String detail) {
        public boolean ok() {
            return admin != null;
        }
    }

    private final JWTParser parser;
    private final ObjectMapper json = new ObjectMapper();

    ConsoleAuth(JWTParser parser) {
        this.parser = parser;
    }

    public Check check(String token) {
        if (token == null || token.isBlank()) {
            return new Check(null, Refusal.MISSING, null);
        }
        token = token.strip();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).strip();
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException | RuntimeException e) {
            Instant exp = unverifiedExpiry(token);
            if (exp != null && !exp.isAfter(Instant.now())) {
                return new Check(null, Refusal.EXPIRED, "It expired at " + exp + ".");
            }
            return new Check(null, Refusal.INVALID, null);
        }
        if (jwt.getGroups() == null || !jwt.getGroups().contains(Roles.ADMIN)) {
            return new Check(null, Refusal.NOT_ADMIN, "Its roles: " + jwt.getGroups() + " (subject " + jwt.getSubject() + ").");
        }
        return new Check(new Admin(token, jwt.getSubject(), Instant.ofEpochSecond(jwt.getExpirationTime())), null, null);
    }

    /** The {@code exp} claim of a token that failed verification, only to tell "expired" from "invalid". */
    private Instant unverifiedExpiry(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode claims = json.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            return claims != null && claims.path("exp").canConvertToLong()
                    ? Instant.ofEpochSecond(claims.get("exp").asLong()) : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
