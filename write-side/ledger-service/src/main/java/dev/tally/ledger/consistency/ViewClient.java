package dev.tally.ledger.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Reads JSON from the read services over HTTP with the Vert.x client (non-blocking, no extra dependency, nothing
 * to register for native images: answers are read as JSON trees). Anything but a 200 with JSON is a failure whose
 * message says what came back, so the report can show it as the view's error.
 */
@ApplicationScoped
class ViewClient {

    private final HttpClient client;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper();

    ViewClient(Vertx vertx, ConsistencyConfig config) {
        this.timeout = config.requestTimeout();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .setMaxPoolSize(8));
    }

    /** GET {@code baseUrl + path?query} with the caller's Authorization header (null: none). */
    Uni<JsonNode> get(String baseUrl, String path, Map<String, String> query, String authorization) {
        String url = trimSlash(baseUrl) + path + queryString(query);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                .putHeader("Accept", "application/json");
        if (authorization != null) {
            options.putHeader("Authorization", authorization);
        }
        return client.request(options)
                .chain(request -> request.send())
                .chain(response -> response.body().map(body -> parse(url, response, body)))
                .ifNoItem().after(timeout).failWith(() -> new ViewCallException(
                        "GET " + url + " did not answer within " + timeout.toMillis() + " ms"))
                .onFailure(failure -> !(failure instanceof ViewCallException))
                .transform(failure -> new ViewCallException("GET " + url + " failed: " + describe(failure)));
    }

    private JsonNode parse(String url, HttpClientResponse response, Buffer body) {
        String text = body.toString(StandardCharsets.UTF_8);
        if (response.statusCode() != 200) {
            throw new ViewCallException("GET " + url + " answered " + response.statusCode() + problem(text));
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new ViewCallException("GET " + url + " answered 200 with a body that is not JSON");
        }
    }

    /** The problem's code and detail, if the body is problem+json. */
    private String problem(String text) {
        try {
            JsonNode problem = json.readTree(text);
            if (problem != null && problem.hasNonNull("detail")) {
                return " " + problem.path("code").asText("") + ": " + problem.get("detail").asText();
            }
        } catch (IOException | RuntimeException e) {
            // not a problem document
        }
        return "";
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String queryString(Map<String, String> query) {
        StringJoiner joined = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((name, value) -> {
            if (value != null) {
                joined.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return joined.toString();
    }

    @PreDestroy
    void close() {
        client.closeAndForget();
    }

    /** A view call that did not give a usable answer; the message is for the report. */
    static final class ViewCallException extends RuntimeException {
        ViewCallException(String message) {
            super(message, null, false, false);
        }
    }
}
