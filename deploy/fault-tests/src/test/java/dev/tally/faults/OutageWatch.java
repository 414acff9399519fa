package dev.tally.faults;

import dev.tally.engines.ServiceProcess;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What a client is told while a fault lasts: a probe deposit to a write replica and a query to a view every 250 ms,
 * each with its status, how long it took and when it was sent. Deposits answered with an error are remembered, so
 * the oracle can check they left nothing; the slowest answer shows whether any request hung.
 */
final class OutageWatch implements AutoCloseable {

    record Sample(long atMillis, String what, Probe.Answer answer) {}

    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final long started = System.nanoTime();
    private final Thread prober;
    private volatile boolean running = true;

    OutageWatch(ServiceProcess writer, String account, ServiceProcess view, String query) {
        prober = new Thread(() -> {
            while (running) {
                samples.add(new Sample(now(), "command", Probe.deposit(writer, account)));
                samples.add(new Sample(now(), "query", Probe.get(view, query)));
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "outage-watch");
        prober.setDaemon(true);
        prober.start();
    }

    long now() {
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** Keys of probe deposits answered with anything but a 2xx: they must have left no event. */
    List<String> errorAnsweredKeys() {
        return samples.stream().filter(s -> s.what().equals("command") && (s.answer().status() < 200
                || s.answer().status() >= 300)).map(s -> s.answer().key()).toList();
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    long slowestMillis(String what) {
        return samples.stream().filter(s -> s.what().equals(what)).mapToLong(s -> s.answer().millis()).max().orElse(0);
    }

    /** Probe commands answered with something other than 2xx or a 503 problem+json, or not answered at all. */
    List<Sample> improper() {
        return samples.stream().filter(s -> !(s.answer().status() >= 200 && s.answer().status() < 300)
                && !s.answer().isUnavailableProblem()).toList();
    }

    /** "command: 503×12, 200×30 (slowest 2.1 s); query: ..." */
    String summary() {
        StringBuilder out = new StringBuilder();
        for (String what : List.of("command", "query")) {
            Map<String, Integer> statuses = new TreeMap<>();
            samples.stream().filter(s -> s.what().equals(what)).forEach(s -> statuses.merge(
                    s.answer().status() == 0 ? "no answer" : String.valueOf(s.answer().status()), 1, Integer::sum));
            if (out.length() > 0) {
                out.append("; ");
            }
            out.append(what).append(' ');
            statuses.forEach((status, n) -> out.append(status).append('×').append(n).append(' '));
            out.append(String.format("(slowest %.1f s)", slowestMillis(what) / 1000.0));
        }
        return out.toString();
    }

    /** When (ms since the watch began) the first 2xx command answer came at or after {@code fromMillis}; -1 if none. */
    long firstCommandSuccessAfter(long fromMillis) {
        return samples.stream().filter(s -> s.what().equals("command") && s.atMillis() >= fromMillis
                && s.answer().status() >= 200 && s.answer().status() < 300).mapToLong(Sample::atMillis).min().orElse(-1);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        prober.join(35_000);
    }
}
