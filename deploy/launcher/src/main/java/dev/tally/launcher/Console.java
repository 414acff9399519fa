package dev.tally.launcher;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import dev.tally.engines.ServiceProcess;

/** What the launcher tells its user: a line per part that became ready, and the banner with the URLs once all are. */
final class Console {

    private Console() {
    }

    /** One aligned "ready" line; synchronized because the engines report from their own threads. */
    static synchronized void ready(String what, String where, long millis) {
        System.out.printf(Locale.ROOT, "  %-16s %-38s ready in %.1f s%n", what, where, millis / 1000.0);
    }

    /** The banner: how long it took, the URL of every service and engine, how to get a token, where the logs are. */
    static void banner(Settings settings, List<ServiceProcess> services, long beginNanos) {
        double launcherSeconds = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - beginNanos) / 1000.0;
        String sinceCommand = "";
        String startedMs = System.getenv("TALLY_RUN_STARTED_MS");
        if (startedMs != null && startedMs.matches("\\d+")) {
            sinceCommand = String.format(Locale.ROOT, " (%.1f s since ./run-local started)",
                    (System.currentTimeMillis() - Long.parseLong(startedMs)) / 1000.0);
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n%s in %.1f s%s.%n",
                services.isEmpty() ? "Engines are up (--engines-only: no service started)" : "Tally is up: all services ready",
                launcherSeconds, sinceCommand));
        for (ServiceProcess p : services) {
            String base = "http://127.0.0.1:" + p.port();
            out.append(String.format(Locale.ROOT, "  %-16s %s   Swagger UI %s/q/swagger-ui   health %s/q/health%n",
                    p.name(), base, base, base));
        }
        out.append("  Kafka            ").append(settings.bootstrapServers()).append(System.lineSeparator());
        out.append("  PostgreSQL       ").append(settings.dbUrl()).append("  (user ").append(settings.dbUser())
                .append(")").append(System.lineSeparator());
        if (settings.developmentKey() && !services.isEmpty()) {
            out.append("Every endpoint but health and OpenAPI needs a token: ./tally-token <customer|backoffice|auditor|admin>"
                    + " [subject], e.g. curl -H \"Authorization: Bearer $(./tally-token admin)\" 127.0.0.1:8080/relay")
                    .append(System.lineSeparator());
        }
        out.append("Logs in ").append(settings.logs()).append(". Press Ctrl-C to stop.");
        System.out.println(out);
    }
}
