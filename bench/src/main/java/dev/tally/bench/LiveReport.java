package dev.tally.bench;

import static dev.tally.bench.Report.ms;
import static dev.tally.bench.Report.num;
import static dev.tally.bench.Report.pct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Renders {@link LiveResults} as the Markdown report and as JSON. */
final class LiveReport {

    /** Issue 13's goals. */
    static final double CPU_PER_COMMAND_GOAL_MS = 2;
    static final double GOAL_RATE = 200;
    static final double HIGHEST_RATE_GOAL = 1000;
    static final double DEPOSIT_SHARE_GOAL = 0.5;
    static final int DEPOSIT_GOAL_CLIENTS = 8;
    static final int MIXED_GOAL_CLIENTS = 32;
    private static final int TOP_STATEMENTS = 20;

    private final LiveResults r;
    private final LiveOptions options;
    private final Markdown md = new Markdown();

    LiveReport(LiveResults results, LiveOptions options) {
        this.r = results;
        this.options = options;
    }

    String markdown(String title) {
        md.line("# " + title).line("");
        md.paragraph("Command: `" + options.command() + "`");
        if (options.quick()) {
            md.paragraph("**Quick smoke run (--quick): phases too short for the numbers to be meaningful.**");
        }
        if (r.failure != null) {
            md.paragraph("**The run failed before it finished:** " + r.failure);
        }
        md.heading("Machine and setup");
        md.table(List.of("fact", "value"), r.machine.entrySet().stream()
                .map(e -> List.of(e.getKey(), e.getValue())).toList());
        goals();
        warmUp();
        sweep();
        floor();
        statements();
        closedLoop();
        if (!r.notes.isEmpty()) {
            md.heading("Notes");
            r.notes.forEach(n -> md.line("- " + n));
            md.line("");
        }
        return md.toString();
    }

    private void goals() {
        md.heading("Goals (issue 13)");
        List<List<String>> rows = new ArrayList<>();
        Optional<LiveResults.RatePoint> at200 = rateAt(GOAL_RATE);
        rows.add(List.of("CPU per command, all our processes, at 200/s with 3 RYW queries", "≤ 2 ms",
                at200.map(p -> ms(p.cpuMsPerCommandOurs()) + " ms").orElse("not measured"),
                at200.map(p -> status(p.cpuMsPerCommandOurs() <= CPU_PER_COMMAND_GOAL_MS, p.failures())).orElse("—")));
        rows.add(List.of("acknowledged → visible in all three views, p99, at 200/s", "< 100 ms",
                at200.map(p -> ms(p.visible().p99()) + " ms").orElse("not measured"),
                at200.map(p -> status(p.visible().p99() < LiveBenchmark.VISIBLE_P99_GOAL_MS, p.failures()))
                        .orElse("—")));
        double highest = r.highestRateUnder(LiveBenchmark.VISIBLE_P99_GOAL_MS);
        rows.add(List.of("highest offered rate with that p99 < 100 ms (no failures)", "≥ 1,000/s",
                highest == 0 ? "none" : num(highest) + "/s", status(highest >= HIGHEST_RATE_GOAL, 0)));
        Optional<LiveResults.ClosedRow> at8 = closedAt(DEPOSIT_GOAL_CLIENTS);
        String floorAt8 = r.floorClosed.stream().filter(f -> f.clients() == DEPOSIT_GOAL_CLIENTS).findFirst()
                .map(f -> " (the engines' floor: " + pct(f.share()) + ")").orElse("");
        rows.add(List.of("deposits at 8 clients, share of raw single-row INSERT", "≥ 50%",
                at8.map(c -> pct(share(c.deposits(), c)) + floorAt8).orElse("not measured"),
                at8.map(c -> status(share(c.deposits(), c) >= DEPOSIT_SHARE_GOAL, c.deposits().errors())).orElse("—")));
        Optional<LiveResults.ClosedRow> at32 = closedAt(MIXED_GOAL_CLIENTS);
        rows.add(List.of("contended mixed workload at 32 clients", "0 errors, share of raw reported",
                at32.map(c -> c.mixed().errors() + " errors, " + pct(share(c.mixed(), c)) + " of raw").orElse(
                        "not measured"),
                at32.map(c -> status(true, c.mixed().errors())).orElse("—")));
        md.table(List.of("goal", "target", "measured", "status"), rows);
    }

    private void warmUp() {
        LiveResults.WarmUp w = r.warmUp;
        if (w == null) {
            return;
        }
        md.heading("Warm-up: from start to steady state");
        md.paragraph("All four services started at once on the empty database. Ready = exec until `/q/health/ready`"
                + " answered UP; CPU until ready = all the CPU the service's process used by then. Then the account pool"
                + " was opened and funded, and an open loop of " + num(w.rate()) + " mixed commands/s (with the three"
                + " read-your-writes queries) ran in " + options.warmupWindow().toSeconds() + " s windows until the"
                + " total CPU per command changed by less than " + pct(options.steadyChange()) + " twice in a row"
                + " and the services' JIT compiler threads (C1 and C2, from /proc/<pid>/task) used less than "
                + options.steadyJit() + " cores in both windows.");
        List<List<String>> ready = new ArrayList<>();
        w.readyMillis().forEach((service, millis) -> ready.add(List.of(service, String.valueOf(millis),
                String.format(Locale.ROOT, "%.1f", w.cpuToReady().getOrDefault(service, 0.0)))));
        md.table(List.of("service", "ready (ms from exec)", "CPU until ready (s)"), ready);
        List<String> header = new ArrayList<>(List.of("window end (s from start)", "commands"));
        LiveResults.COMPONENTS.forEach(c -> header.add(c + " ms/cmd"));
        header.addAll(List.of("ours ms/cmd", "JIT cores", "visible p99 ms"));
        List<List<String>> rows = new ArrayList<>();
        for (LiveResults.Window win : w.windows()) {
            List<String> row = new ArrayList<>(List.of(num(win.endSeconds()), String.valueOf(win.commands())));
            LiveResults.COMPONENTS.forEach(c -> row.add(ms(win.cpuMsPerCommand().get(c))));
            row.add(ms(win.total()));
            row.add(String.format(Locale.ROOT, "%.2f", win.jitCores()));
            row.add(ms(win.visibleP99()));
            rows.add(row);
        }
        md.table(header, rows);
        StringBuilder cpu = new StringBuilder();
        w.cpuToSteady().forEach((c, s) -> cpu.append(String.format(Locale.ROOT, "%s %.1f s, ", c, s)));
        md.paragraph((w.steadyAfter() < 0 ? "**Not steady** within the warm-up limit; " : String.format(Locale.ROOT,
                "**Steady after %.0f s** from the first exec and %d commands; ", w.steadyAfter(), w.commandsToSteady()))
                + "CPU used from the first exec until then: " + cpu.toString().replaceAll(", $", "") + ".");
    }

    private void sweep() {
        md.heading("Open-loop sweep: latency against offered rate");
        md.paragraph("Each rate: " + options.rateWarmup().toSeconds() + " s warm-up, quiet until every view had folded"
                + " it, then " + options.rateMeasure().toSeconds() + " s measured (40% deposits, 30% withdrawals, 30%"
                + " transfers over " + options.poolAccounts() + " funded accounts, each at its scheduled time). Command ="
                + " scheduled → 2xx; visible = 2xx → the last of the three `?minPosition=` queries answered. Achieved ="
                + " commands acknowledged / (first scheduled → last acknowledged). " + (r.sweepStopped == null
                ? "Every offered rate was measured." : "The sweep " + r.sweepStopped + "."));
        double highest = r.highestRateUnder(LiveBenchmark.VISIBLE_P99_GOAL_MS);
        md.paragraph("**Highest offered rate with acknowledged → visible p99 < 100 ms: "
                + (highest == 0 ? "none" : num(highest) + " commands/s") + ".**");
        List<List<String>> rows = new ArrayList<>();
        for (LiveResults.RatePoint p : r.sweep) {
            rows.add(List.of(num(p.target()), num(p.achieved()), String.valueOf(p.commands()), ms(p.command().p50()),
                    ms(p.command().p99()), ms(p.visible().p50()), ms(p.visible().p99()),
                    ms(p.scheduledToVisible().p99()), p.commandFailures() + " / " + p.viewFailures(),
                    p.saturated() == null ? "" : p.saturated()));
        }
        md.table(List.of("offered /s", "achieved /s", "commands", "command p50 ms", "command p99 ms",
                "visible p50 ms", "visible p99 ms", "scheduled→visible p99 ms", "failures (command / view)",
                "saturated"), rows);

        md.paragraph("**CPU milliseconds per command, per process** (from /proc, over the window from the idle system at"
                + " the start of the measurement until every view had folded its last command; `ours` = every process"
                + " this benchmark started, `other` = the rest of the machine, idle in cores):");
        List<String> header = new ArrayList<>(List.of("offered /s"));
        LiveResults.COMPONENTS.forEach(header::add);
        header.addAll(List.of("ours", "idle cores"));
        List<List<String>> cpu = new ArrayList<>();
        for (LiveResults.RatePoint p : r.sweep) {
            List<String> row = new ArrayList<>(List.of(num(p.target())));
            LiveResults.COMPONENTS.forEach(c -> row.add(ms(p.cpuMsPerCommand(c))));
            row.add("**" + ms(p.cpuMsPerCommandOurs()) + "**");
            row.add(String.format(Locale.ROOT, "%.2f", p.cpu().cores().getOrDefault("idle", 0.0)));
            cpu.add(row);
        }
        md.table(header, cpu);

        md.paragraph("**PostgreSQL work per command** (`pg_stat_database` deltas over the same window, every service and"
                + " the relay together; the raw baseline is 1 commit and 1 insert per row):");
        List<List<String>> pg = new ArrayList<>();
        for (LiveResults.RatePoint p : r.sweep) {
            pg.add(List.of(num(p.target()), fmt1(p.pgPerCommand("xact_commit")),
                    fmt1(p.pgPerCommand("tup_inserted", "tup_updated", "tup_deleted")),
                    fmt1(p.pgPerCommand("tup_inserted")), fmt1(p.pgPerCommand("tup_updated")),
                    fmt1(p.pgPerCommand("tup_deleted")), fmt1(p.pgPerCommand("xact_rollback"))));
        }
        md.table(List.of("offered /s", "commits", "rows changed", "inserted", "updated", "deleted", "rollbacks"), pg);
        r.sweep.stream().filter(p -> !p.errorSamples().isEmpty()).forEach(p -> md.paragraph("Errors at "
                + num(p.target()) + "/s: `" + String.join("`, `", p.errorSamples()) + "`"));
    }

    private void floor() {
        if (r.floor.isEmpty()) {
            return;
        }
        md.heading("The engines' floor at the same rates");
        String where = options.floorOnly()
                ? "On fresh engines, with no service started (`--floor-only`): at each rate of `rates`, an"
                : "After the closed loop, with the four services stopped: at each rate the sweep measured, the same";
        md.paragraph(where + " open loop of what a command asks of the engines, done with nothing in between"
                + " (`EngineFloor`): a POST with a JSON body to a bare Vert.x HTTP server in its own process"
                + " (`floor-http`), one event-sized INSERT committed with PostgreSQL's default durability, one Kafka"
                + " record produced with `acks=all`, idempotence and `linger.ms=5` (the relay's linger), then three"
                + " reads, each a GET to the bare server and a primary-key SELECT; three consumers fetching like the"
                + " views (20 ms, 1 MiB) store each poll's records and offsets in one asynchronously committed upsert."
                + " First " + options.floorWarmup().toSeconds() + " s at " + num(options.warmupRate()) + "/s for the"
                + " JIT; then at each rate " + options.rateWarmup().toSeconds() + " s warm-up, then "
                + options.rateMeasure().toSeconds() + " s measured, CPU from idle to idle. What the services add on top"
                + " (the event store's checks, idempotency, JWT, the relay's checkpoint, version guards, frontier,"
                + " read-your-writes waits, CloudEvents, frameworks) is the difference.");
        List<String> header = new ArrayList<>(List.of("offered /s", "achieved /s", "p99 ms", "failures"));
        EngineFloor.COMPONENTS.forEach(header::add);
        header.addAll(List.of("floor", "the system (ours)", "system / floor"));
        List<List<String>> rows = new ArrayList<>();
        for (LiveResults.FloorPoint f : r.floor) {
            List<String> row = new ArrayList<>(List.of(num(f.target()), num(f.achieved()), ms(f.latency().p99()),
                    String.valueOf(f.failures())));
            EngineFloor.COMPONENTS.forEach(c -> row.add(ms(f.cpuMsPerCommand(c))));
            row.add("**" + ms(f.cpuMsPerCommandTotal()) + "**");
            Optional<LiveResults.RatePoint> system = r.sweepAt(f.target());
            row.add(system.map(p -> ms(p.cpuMsPerCommandOurs())).orElse("—"));
            row.add(system.map(p -> String.format(Locale.ROOT, "%.1f×", p.cpuMsPerCommandOurs()
                    / f.cpuMsPerCommandTotal())).orElse("—"));
            rows.add(row);
        }
        md.table(header, rows);
        floorClosedLoop();
    }

    private void floorClosedLoop() {
        if (r.floorClosed.isEmpty()) {
            return;
        }
        md.paragraph("**Closed loop.** Then at each client count, back to back: the raw INSERT (one connection per"
                + " client, one event-sized single-row INSERT per durable transaction), then **floor deposits**: each"
                + " client POSTs to the bare server, then INSERTs one event-sized row on its own connection, durably;"
                + " that answers the client, and the record is produced without being waited for (the write service"
                + " answers before its relay publishes), the three consumers storing it as above. "
                + options.closedWarmup().toSeconds() + " s warm-up + "
                + options.closedMeasure().toSeconds() + " s per phase. The system's deposits are the closed loop's"
                + " (below), against the raw INSERT measured beside them.");
        List<List<String>> rows = new ArrayList<>();
        for (LiveResults.FloorClosedRow f : r.floorClosed) {
            Optional<LiveResults.ClosedRow> system = closedAt(f.clients());
            rows.add(List.of(String.valueOf(f.clients()), num(f.raw().throughput()), num(f.deposits().throughput()),
                    "**" + pct(f.share()) + "**", ms(f.deposits().latency().p50()), ms(f.deposits().latency().p99()),
                    String.valueOf(f.deposits().errors()), idle(f.raw()) + " / " + idle(f.deposits()),
                    system.map(c -> num(c.deposits().throughput()) + " (" + pct(share(c.deposits(), c)) + ")")
                            .orElse("—"),
                    system.map(c -> String.format(Locale.ROOT, "%.2f", share(c.deposits(), c) / f.share()))
                            .orElse("—")));
        }
        md.table(List.of("clients", "raw INSERT /s", "floor deposits /s", "share", "p50 ms", "p99 ms", "errors",
                "idle cores: raw / floor", "the system's deposits /s (share)", "system share / floor share"), rows);
    }

    private static String idle(PhaseResult p) {
        return p.cpu() == null ? "n/a" : fmt2(p.cpu().cores().getOrDefault("idle", 0.0));
    }

    private void statements() {
        md.heading("PostgreSQL statements per command (pg_stat_statements)");
        if (r.statementsUnavailable != null) {
            md.paragraph("Not measured: " + r.statementsUnavailable);
            return;
        }
        if (r.statements.isEmpty()) {
            md.paragraph("Not measured: the sweep did not reach " + num(options.statementsRate()) + " commands/s.");
            return;
        }
        md.paragraph("During the measured window at " + num(r.statementsRate) + " commands/s (" + r.statementsCommands
                + " commands). Each service connects as its own role; the relay runs inside the write service on its"
                + " role and its statements are recognised by what they touch (checkpoint, leader lock, LISTEN, reading"
                + " the log by position). Time = execution time inside PostgreSQL.");
        Map<String, double[]> byRole = new LinkedHashMap<>();
        r.statements.forEach(s -> {
            double[] sums = byRole.computeIfAbsent(s.role(), k -> new double[2]);
            sums[0] += s.callsPerCommand();
            sums[1] += s.timeShare();
        });
        md.table(List.of("role", "statements per command", "share of statement time"), byRole.entrySet().stream()
                .map(e -> List.of(e.getKey(), fmt1(e.getValue()[0]), pct(e.getValue()[1]))).toList());
        md.table(List.of("role", "calls / command", "mean ms", "share of time", "rows / call", "statement"),
                r.statements.stream().limit(TOP_STATEMENTS).map(s -> List.of(s.role(), fmt2(s.callsPerCommand()),
                        String.format(Locale.ROOT, "%.3f", s.meanMillis()), pct(s.timeShare()),
                        fmt1(s.calls() == 0 ? 0 : (double) s.rows() / s.calls()), "`" + abbreviate(s.query()) + "`"))
                        .toList());
    }

    private void closedLoop() {
        if (r.closed.isEmpty()) {
            return;
        }
        md.heading("Closed-loop write throughput against the raw INSERT");
        md.paragraph("At each client count, back to back: the raw baseline (one connection per client of the reactive"
                + " PostgreSQL client, one event-sized single-row INSERT per durable transaction), then **deposits**"
                + " (client i always to account i: no contention), then the **mixed** workload (40% deposits, 30%"
                + " withdrawals, 30% transfers; accounts drawn Zipf-like, s = " + options.zipfExponent() + ", over "
                + options.zipfAccounts() + " funded accounts, the hottest taking " + pct(r.zipfHottestShare)
                + " of draws). " + options.closedWarmup().toSeconds() + " s warm-up + "
                + options.closedMeasure().toSeconds() + " s per phase. The three views keep running and folding, so this"
                + " is the whole system's write capacity on this machine. Errors: every non-2xx except 422"
                + " INSUFFICIENT_FUNDS (a domain rejection, counted apart; the accounts are funded so none is expected);"
                + " the service retries version conflicts itself, and a 409 CONCURRENT_MODIFICATION (it gave up) is an"
                + " error.");
        List<List<String>> rows = new ArrayList<>();
        for (LiveResults.ClosedRow c : r.closed) {
            rows.add(List.of(String.valueOf(c.clients()), num(c.raw().throughput()), num(c.deposits().throughput()),
                    pct(share(c.deposits(), c)), ms(c.deposits().latency().p50()), ms(c.deposits().latency().p99()),
                    String.valueOf(c.deposits().errors()), num(c.mixed().throughput()), pct(share(c.mixed(), c)),
                    ms(c.mixed().latency().p50()), ms(c.mixed().latency().p99()),
                    c.mixed().errors() + " (409: " + c.mixedContention() + ")", String.valueOf(c.mixedRejected())));
        }
        md.table(List.of("clients", "raw INSERT /s", "deposits /s", "share", "p50 ms", "p99 ms", "errors",
                "mixed /s", "share", "p50 ms", "p99 ms", "errors", "rejected"), rows);
        List<List<String>> cores = new ArrayList<>();
        for (LiveResults.ClosedRow c : r.closed) {
            for (PhaseResult p : List.of(c.raw(), c.deposits(), c.mixed())) {
                cores.add(List.of(p.name() + " × " + c.clients(), coresCells(p.cpu())));
            }
        }
        md.paragraph("Cores busy during each closed-loop measurement (" + String.join(" / ", coreColumns()) + "):");
        md.table(List.of("phase", "cores"), cores);
        r.closed.stream().flatMap(c -> List.of(c.deposits(), c.mixed()).stream())
                .filter(p -> !p.errorSamples().isEmpty())
                .forEach(p -> md.paragraph("Errors in " + p.name() + " at " + p.clients() + " clients: `"
                        + String.join("`, `", p.errorSamples()) + "`"));
    }

    JsonObject json() {
        JsonObject out = new JsonObject().put("command", options.command())
                .put("machine", new JsonObject(new LinkedHashMap<>(r.machine)));
        if (r.warmUp != null) {
            JsonArray windows = new JsonArray();
            r.warmUp.windows().forEach(w -> windows.add(new JsonObject().put("endSeconds", w.endSeconds())
                    .put("commands", w.commands()).put("cpuMsPerCommand", json(w.cpuMsPerCommand()))
                    .put("visibleP99Ms", w.visibleP99())));
            out.put("warmUp", new JsonObject().put("rate", r.warmUp.rate())
                    .put("readyMillis", new JsonObject(new LinkedHashMap<>(r.warmUp.readyMillis())))
                    .put("cpuSecondsToReady", json(r.warmUp.cpuToReady())).put("windows", windows)
                    .put("steadyAfterSeconds", r.warmUp.steadyAfter())
                    .put("cpuSecondsToSteady", json(r.warmUp.cpuToSteady()))
                    .put("commandsToSteady", r.warmUp.commandsToSteady()));
        }
        JsonArray sweep = new JsonArray();
        for (LiveResults.RatePoint p : r.sweep) {
            Map<String, Double> perCommand = new LinkedHashMap<>();
            LiveResults.COMPONENTS.forEach(c -> perCommand.put(c, p.cpuMsPerCommand(c)));
            perCommand.put("ours", p.cpuMsPerCommandOurs());
            sweep.add(new JsonObject().put("offered", p.target()).put("achieved", p.achieved())
                    .put("commands", p.commands()).put("commandMs", summary(p.command()))
                    .put("visibleMs", summary(p.visible())).put("scheduledToVisibleMs", summary(p.scheduledToVisible()))
                    .put("commandFailures", p.commandFailures()).put("viewFailures", p.viewFailures())
                    .put("unavailable503", p.unavailable()).put("cpuWindowSeconds", p.cpuSeconds())
                    .put("cpuCores", json(p.cpu().cores())).put("cpuMsPerCommand", json(perCommand))
                    .put("pgStatDatabase", json(p.pg())).put("saturated", p.saturated())
                    .put("errorSamples", new JsonArray(p.errorSamples())));
        }
        out.put("sweep", sweep).put("sweepStopped", r.sweepStopped)
                .put("highestRateVisibleP99Under100Ms", r.highestRateUnder(LiveBenchmark.VISIBLE_P99_GOAL_MS));
        JsonArray floor = new JsonArray();
        for (LiveResults.FloorPoint f : r.floor) {
            Map<String, Double> perCommand = new LinkedHashMap<>();
            EngineFloor.COMPONENTS.forEach(c -> perCommand.put(c, f.cpuMsPerCommand(c)));
            perCommand.put("floor", f.cpuMsPerCommandTotal());
            floor.add(new JsonObject().put("offered", f.target()).put("achieved", f.achieved())
                    .put("commands", f.commands()).put("latencyMs", summary(f.latency())).put("failures", f.failures())
                    .put("cpuWindowSeconds", f.cpuSeconds()).put("cpuCores", json(f.cpu().cores()))
                    .put("cpuMsPerCommand", json(perCommand)));
        }
        out.put("engineFloor", floor);
        JsonArray floorClosed = new JsonArray();
        r.floorClosed.forEach(f -> floorClosed.add(new JsonObject().put("clients", f.clients())
                .put("raw", phase(f.raw())).put("deposits", phase(f.deposits()).put("shareOfRaw", f.share()))));
        out.put("engineFloorClosedLoop", floorClosed);
        JsonArray statements = new JsonArray();
        r.statements.forEach(s -> statements.add(new JsonObject().put("role", s.role()).put("query", s.query())
                .put("calls", s.calls()).put("callsPerCommand", s.callsPerCommand()).put("totalMs", s.totalMillis())
                .put("meanMs", s.meanMillis()).put("timeShare", s.timeShare()).put("rows", s.rows())));
        out.put("statements", new JsonObject().put("rate", r.statementsRate).put("commands", r.statementsCommands)
                .put("unavailable", r.statementsUnavailable).put("all", statements));
        JsonArray closed = new JsonArray();
        for (LiveResults.ClosedRow c : r.closed) {
            closed.add(new JsonObject().put("clients", c.clients()).put("raw", phase(c.raw()))
                    .put("deposits", phase(c.deposits()).put("shareOfRaw", share(c.deposits(), c)))
                    .put("mixed", phase(c.mixed()).put("shareOfRaw", share(c.mixed(), c))
                            .put("contention409", c.mixedContention()).put("rejected", c.mixedRejected())));
        }
        out.put("closedLoop", closed).put("zipfHottestShare", r.zipfHottestShare);
        return out.put("notes", new JsonArray(r.notes)).put("failure", r.failure);
    }

    private static JsonObject phase(PhaseResult p) {
        return new JsonObject().put("perSecond", p.throughput()).put("completed", p.completed())
                .put("seconds", p.seconds()).put("errors", p.errors()).put("latencyMs", summary(p.latency()))
                .put("cpuCores", p.cpu() == null ? null : json(p.cpu().cores()))
                .put("errorSamples", new JsonArray(p.errorSamples()));
    }

    private static JsonObject summary(Latencies.Summary s) {
        return new JsonObject().put("count", s.count()).put("p50", s.p50()).put("p90", s.p90()).put("p99", s.p99())
                .put("max", s.max()).put("mean", s.mean());
    }

    /** NaN is not JSON: such values are written as null. */
    private static JsonObject json(Map<String, Double> values) {
        JsonObject o = new JsonObject();
        values.forEach((k, v) -> o.put(k, v == null || v.isNaN() ? null : v));
        return o;
    }

    private Optional<LiveResults.RatePoint> rateAt(double rate) {
        return r.sweepAt(rate);
    }

    private Optional<LiveResults.ClosedRow> closedAt(int clients) {
        return r.closed.stream().filter(c -> c.clients() == clients).findFirst();
    }

    private static double share(PhaseResult p, LiveResults.ClosedRow row) {
        return row.raw().throughput() == 0 ? Double.NaN : p.throughput() / row.raw().throughput();
    }

    private static String status(boolean met, long failures) {
        return failures > 0 ? "NOT MET (failures)" : met ? "MET" : "NOT MET";
    }

    private static List<String> coreColumns() {
        List<String> columns = new ArrayList<>(LiveResults.COMPONENTS);
        columns.add("idle");
        return columns;
    }

    private static String coresCells(CpuMeter.Usage usage) {
        return usage == null ? "n/a" : String.join(" / ", coreColumns().stream()
                .map(c -> fmt2(usage.cores().getOrDefault(c, 0.0))).toList());
    }

    private static String abbreviate(String query) {
        return query.length() > 140 ? query.substring(0, 140) + "…" : query;
    }

    private static String fmt1(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String fmt2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
