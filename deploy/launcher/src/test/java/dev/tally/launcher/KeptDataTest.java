package dev.tally.launcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeptDataTest {

    @TempDir
    Path home;

    @Test
    void resetDeletesTheEnginesDataAndOldLogsButKeepsTheBuildLog() throws Exception {
        Settings settings = Settings.from(Path.of("/src/tally"), Map.of("TALLY_HOME", home.toString()));
        KeptData data = new KeptData(settings);
        assertTrue(data.lock());
        Files.createDirectories(home.resolve("kafka/meta"));
        Files.writeString(home.resolve("kafka/meta/properties"), "x");
        Files.createDirectories(home.resolve("postgres"));
        Files.writeString(settings.logs().resolve("kafka.log"), "old");
        Files.writeString(settings.logs().resolve("build.log"), "kept");

        data.reset();

        assertFalse(Files.exists(home.resolve("kafka")));
        assertFalse(Files.exists(home.resolve("postgres")));
        assertFalse(Files.exists(settings.logs().resolve("kafka.log")));
        assertTrue(Files.exists(settings.logs().resolve("build.log")));
    }
}
