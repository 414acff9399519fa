package dev.tally.access;

import static dev.tally.access.ProblemShape.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fails if any endpoint is reachable without a token beyond the public list: every operation the service's own
 * OpenAPI document lists is called without one and must answer 401 problem+json; the public endpoints must answer.
 */
final class OpenApiExposure {

    /** What anyone may call: health, the OpenAPI document, Swagger UI (and metrics, where a service has them). */
    static final List<String> PUBLIC = List.of("/q/health", "/q/health/live", "/q/health/ready", "/q/openapi",
            "/q/swagger-ui/");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final String SOME_ID = "3f2b9c1e-8d4a-4c55-9a8e-0b6f3e2d1c7a";

    private OpenApiExposure() {}

    /**
     * Calls every documented operation without a token; returns them as "METHOD path" so the caller can check the
     * document really listed what it expects (an empty document would otherwise pass).
     */
    static List<String> assertNothingOpenBeyondThePublicList(String base) {
        for (String path : PUBLIC) {
            HttpResponse<String> response = RawHttp.send(base, "GET", path, Map.of(), null);
            assertTrue(response.statusCode() == 200, "public " + path + " answers without a token: "
                    + response.statusCode());
        }
        HttpResponse<String> document = RawHttp.send(base, "GET", "/q/openapi?format=json", Map.of(), null);
        assertEquals(200, document.statusCode());
        JsonObject paths = new JsonObject(document.body()).getJsonObject("paths");
        List<String> called = new ArrayList<>();
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                if (!METHODS.contains(method)) {
                    continue;
                }
                String concrete = path.replaceAll("\\{[^}]+}", SOME_ID);
                Map<String, String> headers = method.equals("get") ? Map.of()
                        : Map.of("Content-Type", "application/json");
                String body = method.equals("get") || method.equals("head") ? null : "{}";
                HttpResponse<String> response = RawHttp.send(base, method.toUpperCase(), concrete, headers, body);
                String what = method.toUpperCase() + " " + path;
                assertProblem(what + " without a token", response, 401);
                called.add(what);
            }
        }
        return called;
    }
}
