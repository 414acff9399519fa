package dev.tally.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;

/** What every error answer must look like: RFC 9457 problem+json with Tally's fields, and nothing internal. */
final class ProblemShape {

    private ProblemShape() {}

    /** Asserts the status and the problem's shape; returns the problem. */
    static JsonObject assertProblem(String what, HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), what + ": " + response.body());
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith("application/problem+json"), what + ": content type " + type);
        JsonObject problem = new JsonObject(response.body());
        assertEquals(status, problem.getInteger("status"), what);
        String code = problem.getString("code");
        assertNotNull(code, what + ": code");
        assertEquals("urn:tally:problem:" + code, problem.getString("type"), what);
        assertFalse(problem.getString("title", "").isBlank(), what + ": title");
        assertFalse(problem.getString("detail", "").isBlank(), what + ": detail");
        assertTrue(response.headers().firstValue("X-Correlation-Id").isPresent()
                || problem.getString("correlationId") != null, what + ": correlation id");
        String body = response.body();
        for (String leak : new String[] {"Exception", "at dev.tally", "at io.", "SELECT ", "INSERT ", "java.", "jakarta."}) {
            assertFalse(body.contains(leak), what + ": leaks '" + leak + "': " + body);
        }
        return problem;
    }
}
