package dev.tally.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

import io.vertx.core.json.JsonObject;

/** Writes a report as {@code <out>/<prefix>-<date>.md} and {@code .json} and prints the Markdown. */
final class ResultFiles {

    private ResultFiles() {
    }

    static Path write(Path outDir, String prefix, String markdown, JsonObject json) throws Exception {
        String base = prefix + "-" + LocalDate.now(ZoneOffset.UTC);
        Files.createDirectories(outDir);
        Path md = outDir.resolve(base + ".md");
        Files.writeString(md, markdown, StandardCharsets.UTF_8);
        Files.writeString(outDir.resolve(base + ".json"), json.encodePrettily() + "\n", StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(markdown);
        return md;
    }
}
