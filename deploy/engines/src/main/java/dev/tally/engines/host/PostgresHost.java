package dev.tally.engines.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.sun.security.auth.module.UnixSystem;

/**
 * Runs one PostgreSQL server as a foreground child of this JVM until the parent closes our stdin.
 *
 * <p>PostgreSQL refuses to run as root. When we are root the server (and initdb) run as the unprivileged user
 * {@code nobody}, switched to with {@code setpriv}; the data directory is owned by that user. Elsewhere the server
 * runs as the current user.
 *
 * <p>The server learns of our death even if we are killed with -9: {@code setpriv --pdeathsig INT} makes the kernel
 * send it SIGINT (PostgreSQL's "fast shutdown") when its parent thread dies. That thread is our main thread, which
 * lives until the end: it starts the server, then waits on stdin.
 *
 * <p>Arguments: {@code <engine-dir> <port>}; the cluster lives in {@code <engine-dir>/data}. On first start it is
 * created with database {@code tally} owned by role {@code tally} (password {@code tally}). Durability settings are
 * PostgreSQL's defaults (fsync on) so measurements are honest.
 */
public final class PostgresHost {

    static final String DATABASE = "tally";
    static final String USER = "tally";
    static final String PASSWORD = "tally";
    private static final String UNPRIVILEGED_USER = "nobody";
    private static final long READY_TIMEOUT_MILLIS = 60_000;
    private static final long STOP_TIMEOUT_MILLIS = 20_000;

    private PostgresHost() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) {
            System.out.println("ERROR: PostgreSQL could not start: " + e.getMessage());
            e.printStackTrace(System.out);
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        Path engineDir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        long startedAt = System.nanoTime();

        boolean root = new UnixSystem().getUid() == 0;
        Path bin = PostgresBinaries.locate();
        Path data = engineDir.resolve("data");
        List<String> runAs = runAsPrefix(root);
        if (root) {
            requireReachableByUnprivilegedUser(engineDir);
        }
        if (!Files.exists(data.resolve("PG_VERSION"))) {
            initdb(bin, data, root, runAs);
        }

        // A fault test may also reach the server from a network namespace (tally.pg.also-listen-on, an address of
        // this host, and tally.pg.also-trust, the peers' network): loopback only otherwise.
        String alsoListenOn = System.getProperty("tally.pg.also-listen-on", "");
        String alsoTrust = System.getProperty("tally.pg.also-trust", "");
        if (!alsoTrust.isBlank()) {
            trust(data, alsoTrust);
        }
        List<String> command = new ArrayList<>(runAs);
        command.addAll(List.of(bin.resolve("postgres").toString(), "-D", data.toString(), "-p", String.valueOf(port),
                "-c", "listen_addresses=127.0.0.1" + (alsoListenOn.isBlank() ? "" : "," + alsoListenOn),
                "-c", "unix_socket_directories=",
                "-c", "max_connections=200",
                "-c", "timezone=UTC"));
        Process server = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        server.getOutputStream().close();
        Runnable stop = HostLifecycle.once(() -> stop(server));
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "postgres-stop"));

        String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + port + "/";
        awaitAcceptingConnections(server, jdbcUrl + "postgres");
        ensureDatabase(jdbcUrl + "postgres");
        HostLifecycle.announceReady("postgres 127.0.0.1:" + port + " in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt) + " ms");

        // The main thread must stay alive: the server's parent-death signal is tied to it.
        boolean asked = HostLifecycle.awaitParentGone();
        System.out.println(asked ? "Stop requested: stopping PostgreSQL" : "Parent gone: stopping PostgreSQL");
        stop.run();
        if (!asked) {
            HostLifecycle.deleteTemporaryDirectory();
        }
        System.exit(0);
    }

    private static List<String> runAsPrefix(boolean root) throws IOException, InterruptedException {
        boolean setpriv = onPath("setpriv");
        if (root) {
            if (!setpriv) {
                throw new IllegalStateException("Running as root: PostgreSQL must run as an unprivileged user, which needs "
                        + "'setpriv' (util-linux). Install util-linux, or run as a normal user.");
            }
            return List.of("setpriv", "--reuid=" + UNPRIVILEGED_USER, "--regid=" + idOf("-g"), "--clear-groups",
                    "--pdeathsig", "INT");
        }
        // Linux without setpriv (or another OS): no parent-death signal, the stdin watch still stops the server.
        return setpriv ? List.of("setpriv", "--pdeathsig", "INT") : List.of();
    }

    private static String idOf(String flag) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("id", flag, UNPRIVILEGED_USER).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("No user '" + UNPRIVILEGED_USER + "' to run PostgreSQL as: " + out);
        }
        return out;
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** As root the server runs as nobody, who must be able to walk down to the data directory. */
    private static void requireReachableByUnprivilegedUser(Path engineDir) throws IOException {
        Files.createDirectories(engineDir);
        Set<PosixFilePermission> own = Files.getPosixFilePermissions(engineDir);
        if (!own.contains(PosixFilePermission.OTHERS_EXECUTE)) {
            own.add(PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(engineDir, own);
        }
        for (Path dir = engineDir.getParent(); dir != null; dir = dir.getParent()) {
            if (!Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IllegalStateException("Running as root, PostgreSQL runs as '" + UNPRIVILEGED_USER
                        + "', which cannot enter " + dir + " (no o+x). Put the data elsewhere (e.g. TALLY_HOME=/var/tmp/tally)"
                        + " or run as a normal user.");
            }
        }
    }

    private static void initdb(Path bin, Path data, boolean root, List<String> runAs)
            throws IOException, InterruptedException {
        Files.createDirectories(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        if (root) {
            UserPrincipalLookupService names = data.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal owner = names.lookupPrincipalByName(UNPRIVILEGED_USER);
            GroupPrincipal group = names.lookupPrincipalByGroupName(idOf("-gn"));
            PosixFileAttributeView view = Files.getFileAttributeView(data, PosixFileAttributeView.class);
            view.setOwner(owner);
            view.setGroup(group);
        }
        List<String> command = new ArrayList<>(runAs);
        command.addAll(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                "-A", "trust", "-E", "UTF8", "--no-locale"));
        if (Boolean.getBoolean("tally.pg.initdb.nosync")) {
            command.add("--no-sync"); // throwaway test clusters only; the server itself keeps fsync on
        }
        Process initdb = new ProcessBuilder(command).inheritIO().redirectInput(ProcessBuilder.Redirect.PIPE).start();
        initdb.getOutputStream().close();
        if (initdb.waitFor() != 0) {
            throw new IllegalStateException("initdb failed with exit code " + initdb.exitValue() + " (see above)");
        }
    }

    /** Adds a {@code trust} line for {@code network} to pg_hba.conf (as initdb's own lines), once. */
    private static void trust(Path data, String network) throws IOException {
        Path hba = data.resolve("pg_hba.conf");
        String line = "host all all " + network + " trust";
        if (!Files.readAllLines(hba).contains(line)) {
            Files.writeString(hba, line + "\n", java.nio.file.StandardOpenOption.APPEND);
        }
    }

    private static void awaitAcceptingConnections(Process server, String url) throws InterruptedException {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
        SQLException last = null;
        while (System.currentTimeMillis() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited with code " + server.exitValue() + " (see above)");
            }
            try (Connection c = DriverManager.getConnection(url, "postgres", "");
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT 1")) {
                if (rs.next() && rs.getInt(1) == 1) {
                    return;
                }
            } catch (SQLException e) {
                last = e;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("PostgreSQL did not accept connections within " + READY_TIMEOUT_MILLIS + " ms", last);
    }

    private static void ensureDatabase(String adminUrl) throws SQLException {
        try (Connection c = DriverManager.getConnection(adminUrl, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + USER + "') THEN "
                    + "CREATE ROLE " + USER + " LOGIN SUPERUSER PASSWORD '" + PASSWORD + "'; END IF; END $$");
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (!rs.next()) {
                    s.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
                }
            }
        }
    }

    /** Fast shutdown (SIGINT): open sessions are ended, everything committed is on disk. */
    private static void stop(Process server) {
        if (!server.isAlive()) {
            return;
        }
        HostLifecycle.haltIfStuck("PostgreSQL");
        try {
            signal("INT", server.pid());
            if (!server.waitFor(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                System.err.println("PostgreSQL ignored fast shutdown; sending immediate shutdown");
                signal("QUIT", server.pid());
                if (!server.waitFor(5, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
            System.out.println("PostgreSQL stopped");
        } catch (IOException | InterruptedException e) {
            server.destroyForcibly();
        }
    }

    private static void signal(String name, long pid) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).inheritIO().start().waitFor();
    }
}
