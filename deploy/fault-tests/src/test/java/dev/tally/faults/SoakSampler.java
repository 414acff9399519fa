package dev.tally.faults;

import dev.tally.engines.ServiceProcess;
import dev.tally.system.TallySystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the soak samples, every interval: per service (from {@code /proc/<pid>}) the resident set, threads and open
 * file descriptors, and the heap after a full GC ({@code jcmd <pid> GC.run}, then {@code GC.heap_info}: the used
 * bytes of every generation; JVM services only); from PostgreSQL the number of connections to the database and the
 * size of its eight largest tables with their indexes.
 */
final class SoakSampler {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private final TallySystem system;
    private final long started = System.nanoTime();
    private final Map<String, SoakSeries> series = new LinkedHashMap<>();

    SoakSampler(TallySystem system) {
        this.system = system;
    }

    void sample() throws Exception {
        double minute = (System.nanoTime() - started) / 60e9;
        for (ServiceProcess service : system.services()) {
            if (!service.isAlive()) {
                continue;
            }
            long pid = service.pid();
            Map<String, String> status = procStatus(pid);
            add("RSS", "MiB", service.name(), minute, kib(status.get("VmRSS")) / 1024.0);
            add("threads", "threads", service.name(), minute, Double.parseDouble(status.get("Threads").trim()));
            try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
                add("open file descriptors", "descriptors", service.name(), minute, fds.count());
            }
            if (!TallySystem.NATIVE) {
                add("heap after full GC", "MiB", service.name(), minute, heapAfterGc(pid) / 1024.0);
            }
        }
        try (Connection db = DriverManager.getConnection(system.jdbcUrl(), system.postgres.username(),
                system.postgres.password()); Statement sql = db.createStatement()) {
            try (ResultSet rows = sql.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")) {
                rows.next();
                add("PostgreSQL connections", "connections", "all services", minute, rows.getLong(1));
            }
            try (ResultSet rows = sql.executeQuery("SELECT n.nspname || '.' || c.relname, pg_total_relation_size(c.oid)"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r'"
                    + " AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"
                    + " ORDER BY 2 DESC LIMIT 8")) {
                while (rows.next()) {
                    add("table sizes", "MiB", rows.getString(1), minute, rows.getLong(2) / 1048576.0);
                }
            }
        } catch (SQLException e) {
            System.err.println("soak: PostgreSQL not sampled at " + minute + " min: " + e);
        }
    }

    /**
     * Writes {@code soak.md}, {@code soak.csv} and a PNG per series into {@code dir}; returns the series (of services
     * and connections, not tables) that grew beyond the bound.
     */
    List<String> writeReport(Path dir, ScenarioResult result) throws IOException {
        Files.createDirectories(dir);
        List<String> grew = new ArrayList<>();
        List<String> md = new ArrayList<>(List.of("# Soak", "", ScenarioResult.table(List.of(result)), "",
                "Growth from the median of the second third of the run to the median of the last third (bound: "
                        + Math.round(SoakSeries.BOUND * 100) + "% and more than the noise floor of each series;"
                        + " table sizes are reported, not bounded):", "",
                "| series | of | unit | first | second third | last third | last | growth | within bound |",
                "|---|---|---|---:|---:|---:|---:|---:|---|"));
        List<String> csv = new ArrayList<>(List.of("series,of,minute,value"));
        for (SoakSeries s : series.values()) {
            md.addAll(s.tableRows());
            csv.addAll(s.csvRows());
            if (!s.name().equals("table sizes")) {
                grew.addAll(s.grewBeyondBound());
            }
            s.writePng(dir.resolve(s.fileName() + ".png"));
        }
        Files.write(dir.resolve("soak.md"), md);
        Files.write(dir.resolve("soak.csv"), csv);
        return grew;
    }

    private void add(String name, String unit, String of, double minute, double value) {
        series.computeIfAbsent(name, n -> new SoakSeries(n, unit)).add(of, minute, value);
    }

    private static Map<String, String> procStatus(long pid) throws IOException {
        Map<String, String> status = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                status.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return status;
    }

    private static double kib(String value) {
        return Double.parseDouble(value.replace("kB", "").trim());
    }

    /** KiB used in every generation of the heap right after a full collection. */
    static long heapAfterGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        long used = 0;
        for (String line : jcmd(pid, "GC.heap_info").lines().toList()) {
            Matcher m = USED.matcher(line);
            if (m.find() && !line.contains("Metaspace") && !line.contains("class space")) {
                used += Long.parseLong(m.group(1));
            }
        }
        return used;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }
}
