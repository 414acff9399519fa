package dev.tally.platform.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theTypeIsTheCodesUrnAndTheTitleTheStatusReason() {
        Problem problem = Problem.of(404, "account-not-found", "No account a-1");
        assertEquals("urn:tally:problem:account-not-found", problem.type());
        assertEquals("Not Found", problem.title());
        assertEquals(404, problem.status());
        assertEquals("HTTP 499", Problem.of(499, "odd", "odd status").title());
        assertEquals("Bad Request", Problem.of(Response.Status.BAD_REQUEST, "invalid-page", "page").title());
    }

    @Test
    void absentMembersAreLeftOutOfTheJson() {
        JsonNode body = json.valueToTree(Problem.of(409, "rebuild-running", "busy").at("/projection/rebuild", "c-1"));
        assertEquals(List.of("type", "title", "status", "detail", "instance", "code", "correlationId"),
                fieldNames(body));
        assertEquals("/projection/rebuild", body.get("instance").asText());
        assertEquals("c-1", body.get("correlationId").asText());
        assertFalse(json.valueToTree(Problem.of(500, "internal-error", "x")).has("instance"));
    }

    @Test
    void fieldErrorsTravelWithTheProblem() {
        Problem problem = Problem.of(400, "invalid-request", "amount: must be positive")
                .withErrors(List.of(new Problem.FieldError("amount", "must be positive"))).at("/accounts", "c-2");
        JsonNode body = json.valueToTree(problem);
        assertEquals("amount", body.get("errors").get(0).get("field").asText());
        assertEquals("c-2", body.get("correlationId").asText());
    }

    @Test
    void anExceptionCarriesItsProblemWithoutAStackTrace() {
        ProblemException e = new ProblemException(400, "invalid-size", "size must be from 1 to 200");
        assertEquals("invalid-size", e.code());
        assertEquals(400, e.status());
        assertEquals("size must be from 1 to 200", e.getMessage());
        assertEquals(0, e.getStackTrace().length);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
