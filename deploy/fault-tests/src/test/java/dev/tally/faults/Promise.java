package dev.tally.faults;

import static dev.tally.system.Http.to;

import dev.tally.engines.ServiceProcess;
import dev.tally.system.Ledger;
import dev.tally.system.TallySystem;
import dev.tally.system.Views;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The system's promise, checked once everything has caught up: every acknowledged command is in the event store
 * exactly once, no command answered with an error left an effect, every event is on the topic, and every view agrees
 * with the store account by account and conserves money.
 */
final class Promise {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final TallySystem system;
    private final Views views;

    Promise(TallySystem system) {
        this.system = system;
        this.views = new Views(system);
    }

    /**
     * Waits until every running service is ready and every view has folded the event store up to {@code position};
     * returns how long that took from {@code sinceNanos}.
     */
    long awaitCaughtUp(long sinceNanos, long position) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            if (system.services().stream().filter(ServiceProcess::isAlive).allMatch(ServiceProcess::isReady)
                    && viewsReached(position)) {
                return Duration.ofNanos(System.nanoTime() - sinceNanos).toMillis();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not caught up with " + position + " after " + TIMEOUT + ": readiness "
                        + system.services().stream().map(s -> s.name() + "=" + s.isReady()).toList()
                        + ", views " + views.projections());
            }
            Thread.sleep(100);
        }
    }

    /** Waits until every service is ready and every view has folded everything the event store holds now. */
    void awaitCaughtUp() throws InterruptedException {
        awaitCaughtUp(System.nanoTime(), head());
    }

    long head() {
        return EventStoreRecord.headPosition(system);
    }

    private boolean viewsReached(long head) {
        try {
            return system.views().stream().allMatch(view -> ((Number) to(view).get("/projection").then()
                    .statusCode(200).extract().path("frontier")).longValue() >= head);
        } catch (RuntimeException | AssertionError e) {
            return false;
        }
    }

    /**
     * @param scenarioCommands  the commands this scenario sent (counted in its line)
     * @param everyCommand      every command since the suite began (checked again: later faults must not undo earlier ones)
     * @param errorAnswered     keys of probe commands answered with an error during an outage
     */
    ScenarioResult check(String scenario, List<IssuedCommand> scenarioCommands, Collection<IssuedCommand> everyCommand,
                         Collection<String> errorAnswered, long recoverMillis) {
        EventStoreRecord store = EventStoreRecord.read(system);
        LogRecord log = LogRecord.read(system);
        List<String> violations = new ArrayList<>();
        if (!store.dense()) {
            violations.add("event store positions are not 1.." + store.head() + " without gaps");
        }

        int lost = 0, duplicated = 0, leaked = 0;
        Set<String> scenarioKeys = scenarioCommands.stream().map(IssuedCommand::key).collect(Collectors.toSet());
        for (IssuedCommand c : everyCommand) {
            List<Long> positions = store.positionsByKey.getOrDefault(c.key(), List.of());
            boolean ours = scenarioKeys.contains(c.key());
            if (c.acknowledged() && (positions.size() < c.expectedEvents() || !positions.contains(c.position()))) {
                lost += ours ? 1 : 0;
                violations.add("acknowledged " + c + " has events at " + positions);
            } else if (positions.size() > c.expectedEvents()) {
                duplicated += ours ? 1 : 0;
                violations.add(c + " appended " + positions.size() + " events: " + positions);
            } else if (c.rejected() && !positions.isEmpty()) {
                leaked += ours ? 1 : 0;
                violations.add("rejected " + c + " left events at " + positions);
            }
            if (c.replayMismatch()) {
                violations.add("a replay with the same key answered differently: " + c);
            }
        }
        for (String key : errorAnswered) {
            if (store.positionsByKey.containsKey(key)) {
                leaked++;
                violations.add("probe command " + key + " was answered with an error but left events");
            }
        }
        scenarioCommands.stream().filter(c -> c.serverErrors() > 0).limit(3)
                .forEach(c -> violations.add("a 5xx other than a 503 problem: " + c));
        int unresolved = (int) scenarioCommands.stream().filter(IssuedCommand::unresolved).count();
        if (unresolved > 0) {
            violations.add(unresolved + " commands got no definite answer");
        }

        long logMissing = store.positions.stream().filter(p -> !log.copiesByPosition.containsKey(p)).count();
        if (logMissing > 0) {
            violations.add(logMissing + " events of the store are not on the topic");
        }

        int viewsDiffer = 0;
        List<Ledger.Fold> truths = List.copyOf(store.accounts.values());
        for (Ledger.Fold truth : truths) {
            try {
                views.assertAgreeWith(truth, store.head());
            } catch (AssertionError | RuntimeException e) {
                viewsDiffer++;
                violations.add("views disagree with the store: " + e.getMessage());
            }
        }
        try {
            views.assertConservation(truths, store.head());
        } catch (AssertionError | RuntimeException e) {
            viewsDiffer++;
            violations.add("conservation: " + e.getMessage());
        }

        // The built-in auditor must agree: zero differences, every view reached, conservation holds.
        var audit = to(system.writeSide).get("/consistency").then().statusCode(200).extract().jsonPath();
        int auditorDifferences = audit.getInt("differenceCount");
        if (!audit.getBoolean("consistent") || auditorDifferences != 0) {
            violations.add("the consistency auditor found differences: " + audit.prettify());
        }

        return new ScenarioResult(scenario, scenarioCommands.size(),
                (int) scenarioCommands.stream().filter(IssuedCommand::acknowledged).count(),
                (int) scenarioCommands.stream().filter(IssuedCommand::rejected).count(),
                (int) scenarioCommands.stream().filter(IssuedCommand::retried).count(),
                scenarioCommands.stream().mapToInt(IssuedCommand::unavailable).sum(),
                scenarioCommands.stream().mapToInt(IssuedCommand::serverErrors).sum(),
                scenarioCommands.stream().mapToInt(IssuedCommand::dropped).sum(),
                unresolved, lost, duplicated, leaked, logMissing, log.duplicates(), viewsDiffer,
                audit.getBoolean("consistent") ? auditorDifferences : -1, recoverMillis,
                violations);
    }
}
