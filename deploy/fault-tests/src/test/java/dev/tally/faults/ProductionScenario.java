package dev.tally.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.engines.ServiceProcess;
import dev.tally.system.TallySystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One production-fault scenario on a system of its own (its engines are what the fault needs: a fail-over pair, a
 * Kafka cluster, a namespace, a small disk): the same bounded load with Idempotency-Key retries and the same
 * {@link Promise} as {@link FaultSuiteIT}. Each line is appended to {@code target/production-fault-report.md}.
 */
final class ProductionScenario implements AutoCloseable {

    static final Path REPORT = Path.of("target/production-fault-report.md");

    final TallySystem system;
    final Promise promise;
    private final ConcurrentLinkedQueue<IssuedCommand> everyCommand = new ConcurrentLinkedQueue<>();
    private List<String> accounts;
    private CommandLoad current;

    ProductionScenario(TallySystem system, long seed) throws InterruptedException {
        this.system = system;
        this.promise = new Promise(system);
        this.accounts = CommandLoad.openAccounts(system.writeReplicas, 40, seed);
        promise.awaitCaughtUp();
    }

    List<String> accounts() {
        return accounts;
    }

    CommandLoad load(List<ServiceProcess> targets, CommandLoad.Settings settings, long seed) {
        current = new CommandLoad(targets, accounts, settings, seed).start();
        return current;
    }

    /**
     * Stops the load, lets everything catch up, checks the promise over every command of this system, appends the
     * line to the report (with {@code notes} below it) and, when {@code enforce}, fails on any violation.
     */
    ScenarioResult finish(String scenario, List<String> errorAnswered, long recoverMillis, boolean enforce,
                          String notes) throws Exception {
        List<IssuedCommand> commands = current.stop();
        current = null;
        everyCommand.addAll(commands);
        promise.awaitCaughtUp();
        ScenarioResult result = promise.check(scenario, commands, everyCommand, errorAnswered, recoverMillis);
        String line = ScenarioResult.table(List.of(result));
        System.out.println(line + "\n" + notes);
        appendToReport(result, notes);
        if (enforce) {
            assertTrue(result.violations().isEmpty(), String.join("\n", result.violations()));
            assertTrue(result.acknowledged() > 100, "the load must have done work: " + result);
        }
        return result;
    }

    /** The scenario's notes as they are (for an outcome that is measured, not promised). */
    private static synchronized void appendToReport(ScenarioResult result, String notes) throws IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.exists(REPORT)) {
            lines.add(ScenarioResult.table(List.of()));
        }
        List<String> row = ScenarioResult.table(List.of(result)).lines().toList();
        lines.add(row.get(row.size() - 1));
        Files.createDirectories(REPORT.toAbsolutePath().getParent());
        Files.write(REPORT, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Files.writeString(Path.of("target/production-fault-notes.md"), "- " + result.scenario() + ": " + notes
                + (result.violations().isEmpty() ? "" : " Violations: " + result.violations().size() + ", e.g. "
                + result.violations().stream().limit(3).toList()) + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
        }
        system.stop();
    }
}
