package dev.tally.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.engines.ServiceProcess;
import dev.tally.system.Tokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/** Single requests sent while a fault lasts, to see what a client is told then, and how fast. */
final class Probe {

    /** An answer, or status 0 with the exception's text when there was none. */
    record Answer(String key, int status, String contentType, long millis, String body, boolean replayed) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + this, e);
            }
        }

        boolean isUnavailableProblem() {
            return status == 503 && contentType.startsWith("application/problem+json");
        }

        @Override
        public String toString() {
            return status + " " + contentType + " in " + millis + " ms: " + body;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final String TOKEN = Tokens.token("admin", "fault-probe");

    private Probe() {}

    /** A deposit of 1 with a fresh Idempotency-Key (returned in the answer, to check it left no effect). */
    static Answer deposit(ServiceProcess writer, String account) {
        return deposit(writer, account, UUID.randomUUID().toString());
    }

    /** The same deposit with {@code key}: a client's retry after an error (answered as a replay if it had an effect). */
    static Answer deposit(ServiceProcess writer, String account, String key) {
        return send(key, HttpRequest.newBuilder(URI.create(writer.baseUrl() + "/accounts/" + account + "/deposits"))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":1,\"reference\":\"probe\"}")));
    }

    static Answer get(ServiceProcess service, String path) {
        return send(null, HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).GET());
    }

    private static Answer send(String key, HttpRequest.Builder request) {
        long started = System.nanoTime();
        try {
            HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(key, r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                    millisSince(started), r.body(), r.headers().firstValue("Idempotent-Replayed").isPresent());
        } catch (IOException e) {
            return new Answer(key, 0, "", millisSince(started), e.toString(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(key, 0, "", millisSince(started), e.toString(), false);
        }
    }

    private static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }
}
