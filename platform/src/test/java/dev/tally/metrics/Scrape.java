package dev.tally.metrics;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of {@code /q/metrics} over HTTP, parsed from Prometheus' text format: each sample by its name and its
 * labels. For services' tests that check a metric after a known workload.
 */
public final class Scrape {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String text;
    private final Map<String, Double> samples = new LinkedHashMap<>();

    private Scrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (m.find()) {
                samples.put(key(m.group(1), labels(m.group(3))), Double.parseDouble(m.group(4)));
            }
        }
    }

    /** Scrapes the application under test (RestAssured's base URI and port). */
    public static Scrape now() {
        return parse(given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /**
     * Scrapes every 100 ms until {@code condition} holds, for at most 30 s; answers the scrape that satisfied it, or
     * fails with the last one's text.
     */
    public static Scrape await(Predicate<Scrape> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Scrape last = now();
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("metrics did not settle:\n" + last.text());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for metrics", e);
            }
            last = now();
        }
        return last;
    }

    public static Scrape parse(String text) {
        return new Scrape(text);
    }

    /** The sample's value; 0 when absent (a counter not yet created counts as 0). Labels as name, value pairs. */
    public double value(String name, String... labels) {
        return samples.getOrDefault(key(name, pairs(labels)), 0.0);
    }

    /** Whether a sample with exactly these labels exists. */
    public boolean has(String name, String... labels) {
        return samples.containsKey(key(name, pairs(labels)));
    }

    /** Sum over every sample of {@code name} whose labels include the given ones. */
    public double sum(String name, String... labels) {
        Map<String, String> wanted = pairs(labels);
        double sum = 0;
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            String k = e.getKey();
            if (k.equals(name) || k.startsWith(name + "{")) {
                Map<String, String> have = k.contains("{") ? labels(k.substring(k.indexOf('{') + 1, k.length() - 1))
                        : Map.of();
                if (have.entrySet().containsAll(wanted.entrySet())) {
                    sum += e.getValue();
                }
            }
        }
        return sum;
    }

    public String text() {
        return text;
    }

    private static Map<String, String> pairs(String... labels) {
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        return map;
    }

    private static Map<String, String> labels(String raw) {
        Map<String, String> map = new TreeMap<>();
        if (raw != null) {
            Matcher m = LABEL.matcher(raw);
            while (m.find()) {
                map.put(m.group(1), m.group(2));
            }
        }
        return map;
    }

    private static String key(String name, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return name;
        }
        StringBuilder b = new StringBuilder(name).append('{');
        labels.forEach((k, v) -> b.append(k).append("=\"").append(v).append("\","));
        return b.append('}').toString();
    }
}
