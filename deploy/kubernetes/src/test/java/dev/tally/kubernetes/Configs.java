package dev.tally.kubernetes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** ServiceConfig per component, read once per test JVM. */
final class Configs {

    private static final Map<String, ServiceConfig> CONFIGS = new ConcurrentHashMap<>();

    private Configs() {
    }

    static ServiceConfig of(String component) {
        return CONFIGS.computeIfAbsent(component, ServiceConfig::of);
    }
}
