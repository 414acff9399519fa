package dev.tally.platform.security;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The authenticated caller of a request, as resources need it: who (the token's {@code sub}) and whether a role
 * lets them act on any account or only on their own.
 */
public final class Caller {

    private final SecurityContext security;
    private final String subject;

    private Caller(SecurityContext security, String subject) {
        this.security = security;
        this.subject = subject;
    }

    /** The caller of an authenticated request ({@code @RolesAllowed} has run, so there is a principal). */
    public static Caller of(SecurityContext security) {
        Principal principal = security.getUserPrincipal();
        if (principal == null) {
            throw new io.quarkus.security.UnauthorizedException();
        }
        String subject = principal instanceof JsonWebToken jwt && jwt.getSubject() != null
                ? jwt.getSubject() : principal.getName();
        return new Caller(security, subject);
    }

    /** The token's subject: the actor recorded in events, and a customer's owner id. */
    public String subject() {
        return subject;
    }

    public boolean has(String role) {
        return security.isUserInRole(role);
    }

    /**
     * The owner whose accounts alone this caller may touch: null when the caller holds one of {@code unrestricted}
     * (e.g. admin), otherwise their own subject (a customer).
     */
    public String ownerScope(String... unrestricted) {
        for (String role : unrestricted) {
            if (has(role)) {
                return null;
            }
        }
        return subject;
    }
}
