package dev.tally.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.tally.engines.Ports;
import dev.tally.engines.PostgresEngine;
import dev.tally.system.TallySystem;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's disk fills under load: its whole data directory (WAL included) on a size-limited tmpfs, which a ballast
 * file fills to the last byte while commands keep coming. Commands and queries must be answered 503 problem+json (a
 * transaction that cannot get disk rolls back; a WAL write that cannot, PANICs the server, which restarts), never a
 * 500 or a hang; nothing half-written; once the ballast is deleted PostgreSQL and the services carry on. Mounting needs
 * root. Part of {@code -Pproduction-faults}.
 */
class DiskFullProductionIT {

    private static final String SIZE = "192m";
    private static final Duration FULL_FOR = Duration.ofSeconds(15);

    @Test
    void postgresRunsOutOfDiskUnderLoadAndCarriesOnWhenSpaceIsFreed() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "mounting a tmpfs needs root");
        Path disk = Files.createTempDirectory("tally-small-disk-");
        run("mount", "-t", "tmpfs", "-o", "size=" + SIZE + ",mode=0755", "tmpfs", disk.toString());
        PostgresEngine postgres = PostgresEngine.persistent(disk.resolve("postgres"), Ports.freeLoopbackPort(),
                Path.of("target/system-logs/postgres-small-disk.log"));
        try {
            postgres.start();
            try (ProductionScenario scenario = new ProductionScenario(TallySystem.start(2,
                    new TallySystem.Engines(postgres.reactiveUrl(), null)), 2026_12_06_4L)) {
                TallySystem system = scenario.system;
                scenario.load(system.writeReplicas, CommandLoad.Settings.steady(), 2026_12_06_4L);
                Thread.sleep(4_000);
                String account = scenario.accounts().get(0);
                Path ballast = disk.resolve("ballast");
                long fullAt, freedAt, recovered, ballastBytes;
                boolean restarted = false;
                OutageWatch watch = new OutageWatch(system.writeSide, account, system.backoffice, "/accounts/" + account);
                try (watch) {
                    Thread.sleep(1_000);
                    ballastBytes = fillToTheLastByte(ballast);
                    fullAt = watch.now();
                    Thread.sleep(FULL_FOR.toMillis());
                    Files.delete(ballast);
                    freedAt = watch.now();
                    long freedNanos = System.nanoTime();
                    // A server that gave up (its recovery could not write either) is restarted, as CloudNativePG's
                    // instance manager restarts it in its pod.
                    Thread.sleep(3_000);
                    if (!Ports.isListening(postgres.port())) {
                        postgres.stop();
                        postgres.start();
                        restarted = true;
                    }
                    recovered = scenario.promise.awaitCaughtUp(freedNanos, scenario.promise.head());
                    Thread.sleep(2_000);
                }
                long failedWhileFull = watch.samples().stream().filter(s -> s.atMillis() >= fullAt
                        && s.atMillis() <= freedAt && s.answer().status() == 503).count();
                String notes = String.format("tmpfs of %s, ballast of %d MiB filled it at %.1f s; full for %d s;"
                                + " probes meanwhile: %s; PostgreSQL %s; first acknowledged probe command %.1f s after the"
                                + " space was freed.", SIZE, ballastBytes >> 20, fullAt / 1000.0, FULL_FOR.toSeconds(),
                        watch.summary(), restarted ? "had stopped and was restarted" : "carried on by itself",
                        (watch.firstCommandSuccessAfter(freedAt) - freedAt) / 1000.0);
                scenario.finish("PostgreSQL's disk full under load " + FULL_FOR.toSeconds() + " s, then space freed",
                        watch.errorAnsweredKeys(), recovered, true, notes);
                assertTrue(failedWhileFull > 0, "the full disk must bite: " + watch.summary());
                assertTrue(watch.improper().isEmpty(), "a full disk is answered 2xx or 503 problem+json, never a"
                        + " 500 or no answer: " + watch.improper());
                assertTrue(watch.slowestMillis("command") < 10_000 && watch.slowestMillis("query") < 10_000,
                        "no request hangs: " + watch.summary());
            }
        } finally {
            postgres.close();
            run("umount", "-l", disk.toString());
            Files.deleteIfExists(disk);
        }
    }

    /** Writes zeros until the file system says it is full; returns the ballast's size. */
    private static long fillToTheLastByte(Path ballast) throws IOException {
        byte[] block = new byte[1 << 20];
        long written = 0;
        try (RandomAccessFile file = new RandomAccessFile(ballast.toFile(), "rw")) {
            while (true) {
                try {
                    file.write(block);
                    written += block.length;
                } catch (IOException full) {
                    break;
                }
            }
            for (int size = 1 << 16; size > 0; size >>= 1) { // the last odd bytes too
                try {
                    file.write(block, 0, size);
                    written += size;
                } catch (IOException full) {
                    // try a smaller piece
                }
            }
        }
        return written;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }
}
