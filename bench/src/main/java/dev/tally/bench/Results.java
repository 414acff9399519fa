package dev.tally.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.vertx.core.json.JsonObject;

/** Everything one run measured, filled in phase by phase; {@link Report} renders it. */
final class Results {

    final Map<String, String> machine = new LinkedHashMap<>();
    final List<PhaseResult> raw = new ArrayList<>();
    final List<PhaseResult> deposits = new ArrayList<>();
    final List<PhaseResult> opens = new ArrayList<>();
    /** Relay lag window (GET /relay "lag") per HTTP phase name. */
    final Map<String, JsonObject> relayLag = new LinkedHashMap<>();
    /** Average pg_stat_activity client-backend states per phase label (see {@link BackendStates}). */
    final Map<String, Map<String, Double>> backends = new LinkedHashMap<>();
    final List<String> notes = new ArrayList<>();
    PhaseResult halfPeak;
    PhaseResult snapshotsOn;
    PhaseResult snapshotsOff;
    int longStreamEvents;
    String failure;

    /** How a phase is named in tables: its name and its clients (closed loop) or rate (open loop). */
    static String label(PhaseResult p) {
        return p.name() + " (" + (p.clients() == 0 ? Report.num(p.targetRate()) + "/s" : p.clients() + " clients") + ")";
    }

    Optional<PhaseResult> rawAt(int clients) {
        return raw.stream().filter(r -> r.clients() == clients).findFirst();
    }

    Optional<PhaseResult> depositsAt(int clients) {
        return deposits.stream().filter(r -> r.clients() == clients).findFirst();
    }

    /** Throughput as a share of the raw insert rate at the same concurrency, NaN without a baseline. */
    double shareOfRaw(PhaseResult phase) {
        return rawAt(phase.clients()).map(raw -> phase.throughput() / raw.throughput()).orElse(Double.NaN);
    }

    long totalHttpErrors() {
        long errors = 0;
        for (List<PhaseResult> list : List.of(deposits, opens)) {
            errors += list.stream().mapToLong(PhaseResult::errors).sum();
        }
        for (PhaseResult p : new PhaseResult[] {halfPeak, snapshotsOn, snapshotsOff}) {
            errors += p == null ? 0 : p.errors();
        }
        return errors;
    }
}
