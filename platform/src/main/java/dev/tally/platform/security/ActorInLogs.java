package dev.tally.platform.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.MDC;

/**
 * Puts the authenticated caller (the token's {@code sub}, the same actor the events record) in the log MDC as
 * {@code actor}, as soon as the request's identity is established; Quarkus keeps the MDC on the request's Vert.x
 * context, so the request's later log lines (JSON logs print the whole MDC) carry it. Changes nothing else.
 */
@ApplicationScoped
public class ActorInLogs implements SecurityIdentityAugmentor {

    static final String MDC_KEY = "actor";

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (!identity.isAnonymous()) {
            String actor = identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null
                    ? jwt.getSubject() : identity.getPrincipal().getName();
            MDC.put(MDC_KEY, actor);
        }
        return Uni.createFrom().item(identity);
    }
}
