package dev.tally.console;

import dev.tally.eventstore.EventLog;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The console's pages and the fragments htmx refreshes in them. Every figure comes from a service's existing API,
 * called with the admin's token: the write side's {@code /relay}, {@code /consistency} and account events, each view's
 * {@code /projection} and account resource, every service's {@code /q/health/ready}. Only the event log's head is read
 * in process (for the relay's backlog, which {@code /relay} does not carry).
 */
@Path("/console")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class ConsolePages {

    private final ConsoleGuard guard;
    private final ServiceCalls calls;
    private final ConsoleConfig config;
    private final EventLog log;

    ConsolePages(ConsoleGuard guard, ServiceCalls calls, ConsoleConfig config, EventLog log) {
        this.guard = guard;
        this.calls = calls;
        this.config = config;
        this.log = log;
    }

    @GET
    public Response overview(@CookieParam(ConsoleCookie.NAME) String cookie, @Context HttpHeaders headers) {
        ConsoleGuard.Entry entry = guard.admit(cookie, headers);
        return entry.refusal() != null ? entry.refusal()
                : Response.ok(Templates.overview(entry.admin().subject())).build();
    }

    /** The overview's panels, polled by the page every two seconds. */
    @GET
    @Path("/overview")
    public Uni<Response> overviewPanels(@CookieParam(ConsoleCookie.NAME) String cookie, @Context HttpHeaders headers) {
        ConsoleGuard.Entry entry = guard.admit(cookie, headers);
        if (entry.refusal() != null) {
            return Uni.createFrom().item(entry.refusal());
        }
        String auth = entry.admin().authorization();
        Map<String, ConsoleConfig.ViewTarget> views = new TreeMap<>(config.views());
        List<Uni<Panels.Health>> health = new ArrayList<>();
        health.add(calls.get(writeSide("/q/health/ready"), null)
                .map(a -> Panels.Health.of("write-side", config.writeSideUrl(), a)));
        List<Uni<Panels.View>> projections = new ArrayList<>();
        views.forEach((name, target) -> {
            health.add(calls.get(url(target.url(), "/q/health/ready"), null)
                    .map(a -> Panels.Health.of(name, target.url(), a)));
            projections.add(calls.get(url(target.url(), "/projection"), auth)
                    .map(a -> Panels.View.of(name, target.url(), a)));
        });
        Uni<Long> head = log.headPosition().onFailure().recoverWithItem(-1L);
        Uni<Panels.Relay> relay = Uni.combine().all().unis(calls.get(writeSide("/relay"), auth), head)
                .with((answer, position) -> Panels.Relay.of(answer, position));
        return Uni.combine().all().unis(all(health), relay, all(projections))
                .with((services, relayPanel, viewPanels) ->
                        Response.ok(Templates.overviewPanels(services, relayPanel, viewPanels)).build());
    }

    /** Starts a rebuild of one view; its progress then shows in the polled overview until the switch. */
    @POST
    @Path("/views/{view}/rebuild")
    public Uni<Response> rebuild(@PathParam("view") String view, @CookieParam(ConsoleCookie.NAME) String cookie,
                                 @Context HttpHeaders headers) {
        ConsoleGuard.Entry entry = guard.admit(cookie, headers);
        if (entry.refusal() != null) {
            return Uni.createFrom().item(entry.refusal());
        }
        ConsoleConfig.ViewTarget target = config.views().get(view);
        if (target == null) {
            return Uni.createFrom().item(Response.ok(Templates.rebuildStarted(view, "no such view", false)).build());
        }
        return calls.post(url(target.url(), "/projection/rebuild"), entry.admin().authorization())
                .map(answer -> Response.ok(answer.ok()
                        ? Templates.rebuildStarted(view, "rebuild into generation "
                        + answer.body().path("generation").asInt() + " started", true)
                        : Templates.rebuildStarted(view, answer.error(), false)).build());
    }

    @GET
    @Path("/consistency")
    public Response consistency(@CookieParam(ConsoleCookie.NAME) String cookie, @Context HttpHeaders headers) {
        ConsoleGuard.Entry entry = guard.admit(cookie, headers);
        return entry.refusal() != null ? entry.refusal()
                : Response.ok(Templates.consistency(entry.admin().subject())).build();
    }

    /** Runs the consistency auditor once ({@code GET /consistency}) and shows its report. */
    @POST
    @Path("/consistency/run")
    public Uni<Response> runAuditor(@CookieParam(ConsoleCookie.NAME) String cookie, @Context HttpHeaders headers) {
        ConsoleGuard.Entry entry = guard.admit(cookie, headers);
        if (entry.refusal() != null) {
            return Uni.createFrom().item(entry.refusal());
        }
        return calls.get(writeSide("/consistency"), entry.admin().authorization(), config.auditTimeout())
                .map(answer -> Response.ok(Templates.auditReport(Panels.Audit.of(answer))).build());
    }

    /** An account's stream as stored beside what each view holds for it ({@code ?id=}; without it, the form). */
    @GET
    @Path("/accounts")
    public Uni<Response> account(@QueryParam("id") String id, @CookieParam(ConsoleCookie.NAME) String cookie,
                                 @Context HttpHeaders headers) {
        ConsoleGuard.Entry entry = guard.admit(cookie, headers);
        if (entry.refusal() != null) {
            return Uni.createFrom().item(entry.refusal());
        }
        String user = entry.admin().subject();
        if (id == null || id.isBlank()) {
            return Uni.createFrom().item(Response.ok(Templates.account(user, "", null, List.of())).build());
        }
        String accountId = id.strip();
        try {
            UUID.fromString(accountId);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(Response.ok(Templates.account(user, accountId, new Panels.Stream(
                    "'" + accountId + "' is not an account id (a UUID)", 0, List.of()), List.of())).build());
        }
        String auth = entry.admin().authorization();
        String encoded = URLEncoder.encode(accountId, StandardCharsets.UTF_8);
        Uni<Panels.Stream> stream = calls.get(writeSide("/accounts/" + encoded + "/events?limit=1000"), auth)
                .map(Panels.Stream::of);
        List<Uni<Panels.ViewRow>> rows = new ArrayList<>();
        new TreeMap<>(config.views()).forEach((name, target) -> rows.add(
                calls.get(url(target.url(), target.accountPath().replace("{id}", encoded)), auth)
                        .map(a -> Panels.ViewRow.of(name, a))));
        return Uni.combine().all().unis(stream, all(rows))
                .with((s, r) -> Response.ok(Templates.account(user, accountId, s, r)).build());
    }

    @GET
    @Path("/tail")
    public Response tail(@CookieParam(ConsoleCookie.NAME) String cookie, @Context HttpHeaders headers) {
        ConsoleGuard.Entry entry = guard.admit(cookie, headers);
        return entry.refusal() != null ? entry.refusal()
                : Response.ok(Templates.tail(entry.admin().subject())).build();
    }

    private String writeSide(String path) {
        return url(config.writeSideUrl(), path);
    }

    private static String url(String base, String path) {
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }

    /** All in order; an empty list is an empty list (Mutiny's combine needs at least one). */
    private static <T> Uni<List<T>> all(List<Uni<T>> unis) {
        if (unis.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(unis).andFailFast();
    }
}
