package dev.tally.engines;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link ServiceProcess} runs: a Quarkus JVM build ({@code target/quarkus-app/quarkus-run.jar} and JVM options)
 * or a native executable ({@code target/<artifactId>-<version>-runner}, built with {@code ./mvnw package -Dnative}) and
 * its runtime options. A native executable takes {@code -Xmx...}, {@code -Xms...}, {@code -XX:...} options of its own
 * and Quarkus configuration as {@code -Dkey=value}; it cannot load a {@code -javaagent}.
 *
 * @param kind    JVM jar or native executable
 * @param path    the {@code quarkus-run.jar}, or the native executable
 * @param options JVM options (before {@code -jar}), or the native executable's runtime options
 */
public record ServiceArtifact(Kind kind, Path path, List<String> options) {

    public enum Kind {
        /** {@code java <options> -javaagent:<parent watch> -jar quarkus-run.jar} */
        JVM,
        /** {@code <runner> <options>}, watched by a separate watcher process */
        NATIVE
    }

    public ServiceArtifact {
        options = List.copyOf(options);
    }

    /** A Quarkus fast-jar: {@code target/quarkus-app/quarkus-run.jar}, run with {@code jvmOptions}. */
    public static ServiceArtifact jvm(Path quarkusRunJar, List<String> jvmOptions) {
        return new ServiceArtifact(Kind.JVM, quarkusRunJar, jvmOptions);
    }

    /** A native executable ({@code target/*-runner}) run with {@code runtimeOptions}. */
    public static ServiceArtifact nativeExecutable(Path runner, List<String> runtimeOptions) {
        return new ServiceArtifact(Kind.NATIVE, runner, runtimeOptions);
    }

    /**
     * The native executable's equivalent of JVM options: heap sizes ({@code -Xmx}, {@code -Xms}, {@code -Xmn}),
     * {@code -Xss} and {@code -D} properties are kept; {@code -XX:+UseSerialGC} is dropped because the serial
     * collector is a native executable's default (and only, in Mandrel) collector; any other {@code -XX:} option is a
     * HotSpot option a native executable may not know, so it is dropped too rather than failing the start.
     */
    public static List<String> nativeOptionsFor(List<String> jvmOptions) {
        List<String> options = new ArrayList<>();
        for (String option : jvmOptions) {
            if (option.startsWith("-Xmx") || option.startsWith("-Xms") || option.startsWith("-Xmn")
                    || option.startsWith("-Xss") || option.startsWith("-D")) {
                options.add(option);
            }
        }
        return List.copyOf(options);
    }

    /**
     * The runner {@code ./mvnw package -Dnative} leaves in {@code target}: {@code <artifactId>-<version>-runner}, or,
     * with a blank {@code version}, the only {@code <artifactId>-*-runner} there. When there is none (or several), the
     * expected name, so that a message can say what is missing.
     */
    public static Path nativeRunner(Path target, String artifactId, String version) {
        if (version == null || version.isBlank()) {
            try (var files = java.nio.file.Files.list(target)) {
                List<Path> runners = files.filter(p -> p.getFileName().toString().startsWith(artifactId + "-")
                        && p.getFileName().toString().endsWith("-runner")).toList();
                if (runners.size() == 1) {
                    return runners.get(0);
                }
            } catch (java.io.IOException e) {
                // no target directory: name the expected file below
            }
            version = "<version>";
        }
        return target.resolve(artifactId + "-" + version + "-runner");
    }

    public boolean isNative() {
        return kind == Kind.NATIVE;
    }

    /** The command line as a person would type it, for reports and messages. */
    public String describe() {
        String opts = options.isEmpty() ? "" : String.join(" ", options) + " ";
        return isNative() ? path + (options.isEmpty() ? "" : " " + String.join(" ", options)) + " (native)"
                : "java " + opts + "-jar " + path + " (JVM)";
    }
}
