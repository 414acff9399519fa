package dev.tally.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * The console's door: every page and fragment first asks {@link #admit}. Without an admin token a page redirects to
 * the login page with the reason, and an htmx fragment answers 401 with {@code HX-Redirect} so the whole page goes
 * there too (not a login form swapped into a panel).
 */
@ApplicationScoped
class ConsoleGuard {

    private final ConsoleAuth auth;

    ConsoleGuard(ConsoleAuth auth) {
        this.auth = auth;
    }

    /** The admin, or the answer to send instead. */
    record Entry(ConsoleAuth.Admin admin, Response refusal) {
    }

    Entry admit(String cookie, HttpHeaders headers) {
        ConsoleAuth.Check check = auth.check(cookie);
        if (check.ok()) {
            return new Entry(check.admin(), null);
        }
        URI login = URI.create("/console/login?reason=" + check.refusal().name());
        boolean htmx = headers != null && "true".equals(headers.getHeaderString("HX-Request"));
        Response refusal = htmx
                ? Response.status(Response.Status.UNAUTHORIZED).header("HX-Redirect", login.toString()).build()
                : Response.seeOther(login).build();
        return new Entry(null, refusal);
    }
}
