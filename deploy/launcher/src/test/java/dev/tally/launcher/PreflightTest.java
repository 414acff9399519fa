package dev.tally.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreflightTest {

    @TempDir
    Path repo;

    @Test
    void namesEveryServiceWhoseBuildIsMissing() throws Exception {
        Settings settings = Settings.from(repo, Map.of());
        assertEquals(4, Preflight.missingArtifacts(settings).size());
        Path jar = settings.services().get(0).jar(repo);
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "");
        assertEquals(3, Preflight.missingArtifacts(settings).size());
    }
}
