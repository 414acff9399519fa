package dev.tally.views.accounts.api;

import dev.tally.platform.params.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriInfo;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Checks a live stream's request before the stream starts. A server-sent events response sends its 200 headers as
 * soon as the resource returns its stream, so a failure inside the stream could no longer become a 404 or 503
 * problem; this filter waits for {@code minPosition} and looks the account up first.
 */
public class LiveAccountCheck {

    /** Put on a resource method with {@code accountId} in its path to get the check. */
    @NameBinding
    @Target({ElementType.METHOD, ElementType.TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    public @interface ExistingAccount {
    }

    private final Freshness freshness;
    private final AccountReads reads;

    LiveAccountCheck(Freshness freshness, AccountReads reads) {
        this.freshness = freshness;
        this.reads = reads;
    }

    @ServerRequestFilter
    @ExistingAccount
    public Uni<Void> accountExists(UriInfo uri, ContainerRequestContext request) {
        String id = Parameters.accountId(uri.getPathParameters().getFirst("accountId"));
        Long min = Parameters.minPosition(uri.getQueryParameters().getFirst("minPosition"));
        // As the caller may see it: a customer gets the same 404 for another owner's account as for a missing one.
        String owner = AccountsResource.ownerScope(request.getSecurityContext());
        return freshness.await(min)
                .chain(() -> reads.visible(id, owner))
                .replaceWithVoid();
    }
}
