package dev.tally.faults;

import dev.tally.engines.ServiceProcess;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** Samples every service's readiness in the background while a fault lasts: who went DOWN, who stayed UP. */
final class ReadinessWatch implements AutoCloseable {

    private final List<ServiceProcess> services;
    private final Set<String> seenDown = ConcurrentHashMap.newKeySet();
    private final Set<String> seenUp = ConcurrentHashMap.newKeySet();
    private final Thread sampler;
    private volatile boolean running = true;

    ReadinessWatch(List<ServiceProcess> services) {
        this.services = List.copyOf(services);
        this.sampler = new Thread(this::sample, "readiness-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        while (running) {
            for (ServiceProcess service : services) {
                (service.isReady() ? seenUp : seenDown).add(service.name());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Waits until each of {@code names} has been seen DOWN at least once, up to {@code millis}. */
    boolean awaitDown(List<ServiceProcess> expected, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (expected.stream().allMatch(s -> seenDown.contains(s.name()))) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    Map<String, String> summary() {
        return services.stream().collect(Collectors.toMap(ServiceProcess::name,
                s -> (seenDown.contains(s.name()) ? "DOWN" : "") + (seenUp.contains(s.name()) ? " UP" : "")));
    }

    boolean wentDown(ServiceProcess service) {
        return seenDown.contains(service.name());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join(2_000);
    }
}
