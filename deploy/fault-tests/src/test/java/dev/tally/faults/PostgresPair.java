package dev.tally.faults;

import dev.tally.engines.Ports;
import dev.tally.engines.PostgresEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A PostgreSQL primary and a streaming replica, both the project's embedded PostgreSQL, as CloudNativePG runs them.
 *
 * <p>The replica is made with PostgreSQL's own base-backup protocol over SQL ({@code pg_backup_start}, a copy of the
 * data directory, {@code pg_backup_stop}'s backup label): the embedded distribution has no {@code pg_basebackup}, and
 * the machine's is an older major version that refuses a newer server. A physical replication slot reserved before
 * the copy keeps every WAL segment the replica still needs; {@code standby.signal} and {@code primary_conninfo} make it
 * stream from the primary. With {@code synchronous} the primary then lists it in {@code synchronous_standby_names}:
 * a commit returns only once the replica has flushed its WAL ({@code synchronous_commit=on}).
 */
final class PostgresPair implements AutoCloseable {

    static final String STANDBY_NAME = "replica";

    final PostgresEngine primary = PostgresEngine.temporary();
    final PostgresEngine replica;
    private final Path replicaDir;

    private PostgresPair(Path replicaDir) {
        this.replicaDir = replicaDir;
        this.replica = PostgresEngine.persistent(replicaDir, Ports.freeLoopbackPort(), replicaDir.resolve("postgres.log"));
    }

    static PostgresPair start(boolean synchronous) throws Exception {
        PostgresPair pair = new PostgresPair(Files.createTempDirectory("tally-postgres-replica-"));
        pair.primary.start();
        pair.cloneReplica();
        pair.replica.start();
        if (synchronous) {
            pair.execute(pair.primary, "ALTER SYSTEM SET synchronous_standby_names = '" + STANDBY_NAME + "'",
                    "SELECT pg_reload_conf()");
        }
        pair.awaitStreaming(synchronous ? "sync" : "async", Duration.ofSeconds(60));
        return pair;
    }

    /** kill -9 of the primary's postmaster and every backend: what a lost node or an OOM kill leaves. */
    void killPrimary() throws InterruptedException {
        List<ProcessHandle> server = primary.hostProcess().orElseThrow().descendants().toList();
        server.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Ports.isListening(primary.port()) || server.stream().anyMatch(ProcessHandle::isAlive)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the primary survived kill -9");
            }
            Thread.sleep(10);
        }
    }

    /** What the operator does once it sees the primary gone: promote the replica and wait until it takes writes. */
    void promoteReplica() throws SQLException {
        try (Connection db = connect(replica); Statement sql = db.createStatement();
             ResultSet promoted = sql.executeQuery("SELECT pg_promote(true, 60)")) {
            if (!promoted.next() || !promoted.getBoolean(1)) {
                throw new AssertionError("pg_promote did not finish");
            }
        }
    }

    @Override
    public void close() {
        replica.close();
        primary.close();
        deleteTree(replicaDir);
    }

    /** Base backup through the SQL API: the data directory copied between pg_backup_start and pg_backup_stop. */
    private void cloneReplica() throws Exception {
        Path source = primary.directory().resolve("data");
        Path target = replicaDir.resolve("data");
        execute(primary, "SELECT pg_create_physical_replication_slot('" + STANDBY_NAME + "', true)");
        try (Connection db = connect(primary); Statement sql = db.createStatement()) {
            sql.execute("SELECT pg_backup_start('tally-replica', true)");
            // cp -a keeps owner and modes (as root the server runs as 'nobody' and owns its data directory).
            run("cp", "-a", source.toString(), target.toString());
            try (ResultSet stop = sql.executeQuery("SELECT labelfile FROM pg_backup_stop(true)")) {
                stop.next();
                Files.writeString(target.resolve("backup_label"), stop.getString(1));
            }
        }
        // What pg_basebackup leaves out: the primary's pid file, its WAL (streamed instead) and its slots.
        Files.deleteIfExists(target.resolve("postmaster.pid"));
        Files.deleteIfExists(target.resolve("postmaster.opts"));
        clearDirectory(target.resolve("pg_wal"), "archive_status");
        clearDirectory(target.resolve("pg_replslot"), null);
        Files.writeString(target.resolve("standby.signal"), "");
        Files.writeString(target.resolve("postgresql.auto.conf"), "primary_conninfo = 'host=127.0.0.1 port="
                + primary.port() + " user=postgres application_name=" + STANDBY_NAME + "'\n"
                + "primary_slot_name = '" + STANDBY_NAME + "'\n", java.nio.file.StandardOpenOption.APPEND);
        run("chown", "--reference=" + source, target.resolve("backup_label").toString(),
                target.resolve("standby.signal").toString());
    }

    private void awaitStreaming(String syncState, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Connection db = connect(primary); Statement sql = db.createStatement();
                 ResultSet rows = sql.executeQuery("SELECT sync_state FROM pg_stat_replication WHERE application_name = '"
                         + STANDBY_NAME + "' AND state = 'streaming'")) {
                if (rows.next() && syncState.equals(rows.getString(1))) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the replica is not streaming (" + syncState + ") after " + timeout
                        + "; its log: " + replica.logFile());
            }
            Thread.sleep(100);
        }
    }

    private void execute(PostgresEngine engine, String... statements) throws SQLException {
        try (Connection db = connect(engine); Statement sql = db.createStatement()) {
            for (String statement : statements) {
                sql.execute(statement);
            }
        }
    }

    static Connection connect(PostgresEngine engine) throws SQLException {
        return DriverManager.getConnection(engine.jdbcUrl(), engine.username(), engine.password());
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static void clearDirectory(Path dir, String keep) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.filter(e -> !e.getFileName().toString().equals(keep)).toList()) {
                deleteTree(entry);
            }
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort for a temporary directory
        }
    }
}
