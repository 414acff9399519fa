package dev.tally.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The console's calls to the services' existing APIs (server side, so no CORS), with the admin's token. A call never
 * fails: whatever happens (refused connection, time-out, an error status) comes back as an {@link Answer} whose
 * {@link Answer#error()} says which service and why, so one service down leaves the rest of a page working.
 */
@ApplicationScoped
class ServiceCalls {

    /** What a service answered: its status and JSON body, or (status 0) why there is no answer. */
    record Answer(String url, int status, JsonNode body, String failure) {

        boolean ok() {
            return status >= 200 && status < 300 && body != null;
        }

        /** Null when ok; else e.g. "GET http://…/projection answered 403 forbidden: …" or "… connection refused". */
        String error() {
            if (ok()) {
                return null;
            }
            if (status == 0) {
                return url + ": " + failure;
            }
            String problem = body == null ? "" : (" " + body.path("code").asText("") + ": "
                    + body.path("detail").asText(body.path("title").asText(""))).stripTrailing();
            return url + " answered " + status + (problem.equals(":") ? "" : problem);
        }
    }

    private final HttpClient client;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper();

    ServiceCalls(Vertx vertx, ConsoleConfig config) {
        this.timeout = config.requestTimeout();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .setMaxPoolSize(8));
    }

    Uni<Answer> get(String url, String authorization) {
        return call(HttpMethod.GET, url, authorization, timeout);
    }

    /** A GET that may take longer than the console's usual bound (the consistency auditor). */
    Uni<Answer> get(String url, String authorization, Duration timeout) {
        return call(HttpMethod.GET, url, authorization, timeout);
    }

    Uni<Answer> post(String url, String authorization) {
        return call(HttpMethod.POST, url, authorization, timeout);
    }

    private Uni<Answer> call(HttpMethod method, String url, String authorization, Duration timeout) {
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(url)
                .putHeader("Accept", "application/json");
        if (authorization != null) {
            options.putHeader("Authorization", authorization);
        }
        return client.request(options)
                .chain(request -> request.send())
                .chain(response -> response.body().map(body -> new Answer(url, response.statusCode(),
                        parse(body.toString(StandardCharsets.UTF_8)), null)))
                .ifNoItem().after(timeout).recoverWithItem(() ->
                        new Answer(url, 0, null, "no answer within " + timeout.toMillis() + " ms"))
                .onFailure().recoverWithItem(failure -> new Answer(url, 0, null, describe(failure)));
    }

    private JsonNode parse(String text) {
        try {
            return text.isBlank() ? null : json.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : message;
    }

    @PreDestroy
    void close() {
        client.closeAndForget();
    }
}
