package dev.tally.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

/**
 * {@code pg_stat_statements} on the benchmark's own PostgreSQL: which statements each service runs per command. The
 * library must be preloaded, so {@link #enable} sets {@code shared_preload_libraries} with ALTER SYSTEM (in the
 * temporary cluster's {@code postgresql.auto.conf}, nothing else changes) and restarts the engine. The extension keys
 * statements by user, not application name, so each service connects as a role of its own ({@link #ROLES}).
 */
final class PgStatements {

    /** Database role per service; all superusers like the engine's default user, so migrations behave the same. */
    static final Map<String, String> ROLES = Map.of("write-side", "tally_write", "accounts-view", "tally_accounts",
            "backoffice-view", "tally_backoffice", "audit-view", "tally_audit");

    private static final String TOP = """
            SELECT r.rolname, s.query, s.calls, s.total_exec_time, s.mean_exec_time, s.rows
              FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
             WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
             ORDER BY s.total_exec_time DESC""";

    private PgStatements() {
    }

    /** Preloads the library and restarts PostgreSQL; answers null when it worked, else why not (the run goes on). */
    static String enable(Vertx vertx, BenchEngines engines) {
        try {
            PgConnection c = WriteBenchmark.await(PgConnection.connect(vertx, engines.pgOptions()));
            try {
                WriteBenchmark.await(c.query("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'")
                        .execute());
            } finally {
                c.close();
            }
            engines.postgres.stop();
            try {
                engines.postgres.start();
            } catch (RuntimeException e) {
                // The binaries lack the library: take the setting back out of the cluster and start as before.
                Path autoConf = engines.postgres.directory().resolve("data/postgresql.auto.conf");
                Files.write(autoConf, Files.readAllLines(autoConf).stream()
                        .filter(l -> !l.startsWith("shared_preload_libraries")).toList());
                engines.postgres.start();
                return "PostgreSQL did not start with pg_stat_statements preloaded: " + e.getMessage();
            }
            return null;
        } catch (Exception e) {
            return "pg_stat_statements not enabled: " + e;
        }
    }

    /** The extension and one login role per service (password as the engine's user). */
    static void prepare(Pool pool, String password) throws Exception {
        WriteBenchmark.await(pool.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").execute());
        for (String role : ROLES.values()) {
            WriteBenchmark.await(pool.query("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role
                    + "') THEN CREATE ROLE " + role + " LOGIN SUPERUSER PASSWORD '" + password + "'; END IF; END $$")
                    .execute());
        }
    }

    static void reset(Pool pool) throws Exception {
        WriteBenchmark.await(pool.query("SELECT pg_stat_statements_reset()").execute());
    }

    /** Every statement since the last reset, most total time first, with who ran it and its cost per command. */
    static List<Statement> read(Pool pool, long commands) throws Exception {
        List<Statement> all = new ArrayList<>();
        double total = 0;
        for (Row row : WriteBenchmark.await(pool.query(TOP).execute())) {
            total += row.getDouble("total_exec_time");
            all.add(new Statement(role(row.getString("rolname"), row.getString("query")),
                    row.getString("query").replaceAll("\\s+", " ").trim(), row.getLong("calls"),
                    row.getDouble("total_exec_time"), row.getDouble("mean_exec_time"), row.getLong("rows"), 0, 0));
        }
        double sum = total;
        return all.stream().map(s -> s.per(commands, sum)).toList();
    }

    /**
     * The service behind a role. The relay runs inside the write service on the same role; its statements are told
     * apart by what they touch (its checkpoint, its leader lock, LISTEN, or reading the log by position).
     */
    static String role(String user, String query) {
        for (var e : ROLES.entrySet()) {
            if (e.getValue().equals(user)) {
                String q = query.toLowerCase(Locale.ROOT);
                boolean relay = q.contains("relay_checkpoints") || q.contains("advisory_lock") || q.startsWith("listen")
                        || q.matches("(?s).*from eventstore\\.events( e)?\\s+where\\s+(e\\.)?position\\s*>.*");
                return e.getKey().equals("write-side") && relay ? "relay" : e.getKey();
            }
        }
        return "bench/other (" + user + ")";
    }

    /**
     * @param callsPerCommand calls divided by the commands of the window
     * @param timeShare       this statement's share of all statements' execution time
     */
    record Statement(String role, String query, long calls, double totalMillis, double meanMillis, long rows,
                     double callsPerCommand, double timeShare) {
        Statement per(long commands, double totalOfAll) {
            return new Statement(role, query, calls, totalMillis, meanMillis, rows,
                    commands == 0 ? 0 : (double) calls / commands, totalOfAll == 0 ? 0 : totalMillis / totalOfAll);
        }
    }
}
