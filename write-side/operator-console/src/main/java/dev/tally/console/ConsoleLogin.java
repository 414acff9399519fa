package dev.tally.console;

import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import java.net.URI;

/**
 * Sign in by pasting a token (a form POST, so it never appears in a URL or the page), sign out. Open to everyone: the
 * console's own pages check the cookie this sets ({@link ConsoleGuard}).
 */
@Path("/console")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class ConsoleLogin {

    private final ConsoleAuth auth;

    ConsoleLogin(ConsoleAuth auth) {
        this.auth = auth;
    }

    @GET
    @Path("/login")
    public TemplateInstance form(@QueryParam("reason") String reason) {
        ConsoleAuth.Refusal refusal = ConsoleAuth.Refusal.named(reason);
        return Templates.login(refusal.message, null, refusal.isProblem());
    }

    @POST
    @Path("/login")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@FormParam("token") String token, @Context UriInfo uri) {
        ConsoleAuth.Check check = auth.check(token);
        if (!check.ok()) {
            Response.Status status = check.refusal() == ConsoleAuth.Refusal.NOT_ADMIN
                    ? Response.Status.FORBIDDEN : Response.Status.UNAUTHORIZED;
            return Response.status(status).type(MediaType.TEXT_HTML)
                    .entity(Templates.login(check.refusal().message, check.detail(), true)).build();
        }
        return Response.seeOther(URI.create("/console"))
                .cookie(ConsoleCookie.of(check.admin(), tls(uri))).build();
    }

    @POST
    @Path("/logout")
    public Response signOut(@Context UriInfo uri) {
        return Response.seeOther(URI.create("/console/login?reason=" + ConsoleAuth.Refusal.SIGNED_OUT.name()))
                .cookie(ConsoleCookie.cleared(tls(uri))).build();
    }

    private static boolean tls(UriInfo uri) {
        return "https".equalsIgnoreCase(uri.getRequestUri().getScheme());
    }
}
