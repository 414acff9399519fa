package dev.tally.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SettingsTest {

    private final Path repo = Path.of("/src/tally");

    @Test
    void defaultsKeepEverythingUnderTheRepositoryOnFixedPorts() {
        Settings s = Settings.from(repo, Map.of());
        assertEquals(Path.of("/src/tally/.tally"), s.home());
        assertEquals(Path.of("/src/tally/.tally/logs"), s.logs());
        assertEquals("127.0.0.1:19092", s.bootstrapServers());
        assertEquals("postgresql://127.0.0.1:15432/tally", s.dbUrl());
        assertEquals(List.of(8080, 8081, 8082, 8083), s.services().stream().map(Settings.Service::port).toList());
        assertEquals(Path.of("/src/tally/read-side/audit-view/target/quarkus-app/quarkus-run.jar"),
                s.services().get(3).jar(repo));
    }

    @Test
    void environmentMovesDataAndEnginePorts() {
        Settings s = Settings.from(repo, Map.of("TALLY_HOME", "/var/tmp/t", "TALLY_KAFKA_PORT", "29092",
                "TALLY_PG_PORT", "25432"));
        assertEquals(Path.of("/var/tmp/t"), s.home());
        assertEquals("127.0.0.1:29092", s.bootstrapServers());
        assertEquals(29093, s.kafkaControllerPort());
        assertEquals("postgresql://127.0.0.1:25432/tally", s.dbUrl());
    }

    @Test
    void externalEnginesReplaceTheStartedOnes() {
        Settings s = Settings.from(repo, Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka.example:9092",
                "TALLY_DB_URL", "postgresql://db.example:5432/ledger", "TALLY_DB_USER", "app"));
        assertTrue(s.externalKafka().isPresent() && s.externalDb().isPresent());
        assertEquals("kafka.example:9092", s.bootstrapServers());
        assertEquals("postgresql://db.example:5432/ledger", s.dbUrl());
        assertEquals("app", s.dbUser());
        assertEquals("tally", s.dbPassword());
    }

    @Test
    void servicesRunWithTheDevelopmentKeyUnlessAKeyIsGiven() {
        assertTrue(Settings.from(repo, Map.of()).developmentKey());
        assertFalse(Settings.from(repo, Map.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "/keys/issuer.pem")).developmentKey());
    }

    @Test
    void nativeServicesRunTheRunnersThatANativeBuildLeavesInTarget(@org.junit.jupiter.api.io.TempDir Path repo)
            throws Exception {
        Settings jvm = Settings.from(repo, Map.of());
        Settings nativeRun = Settings.from(repo, Map.of("TALLY_SERVICES", "native"));
        assertFalse(jvm.nativeServices());
        assertTrue(nativeRun.nativeServices());
        Settings.Service write = nativeRun.services().get(0);
        assertEquals(repo.resolve("write-side/ledger-service/target/quarkus-app/quarkus-run.jar"), write.artifact(repo, false).path());
        java.nio.file.Path target = java.nio.file.Files.createDirectories(repo.resolve("write-side/ledger-service/target"));
        java.nio.file.Path runner = java.nio.file.Files.createFile(target.resolve("tally-write-side-9.9-runner"));
        assertEquals(runner, write.artifact(repo, true).path());
        assertTrue(write.artifact(repo, true).isNative());
    }

    @Test
    void aBadPortIsRefusedWithItsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.from(repo, Map.of("TALLY_PG_PORT", "fifteen")));
        assertTrue(e.getMessage().contains("TALLY_PG_PORT"), e.getMessage());
    }
}
