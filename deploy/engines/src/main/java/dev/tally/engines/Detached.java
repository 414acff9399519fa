package dev.tally.engines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a child in its own session ({@code setsid}, Linux) so a Ctrl-C in the terminal reaches only the parent, which
 * then stops its children in the right order (services before engines). The child keeps its pid and still learns of
 * the parent's death through its stdin pipe. Without {@code setsid} children simply share the terminal's signals.
 */
public final class Detached {

    private static final List<String> PREFIX = locate();

    private Detached() {
    }

    /** The command prefix to put before a child's command line: {@code [setsid]} or nothing. */
    public static List<String> prefix() {
        return PREFIX;
    }

    private static List<String> locate() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "setsid"))) {
                return List.of(Path.of(dir, "setsid").toString());
            }
        }
        return List.of();
    }
}
