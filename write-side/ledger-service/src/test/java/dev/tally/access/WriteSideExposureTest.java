package dev.tally.access;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.engines.testing.RealEngines;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Nothing of the write side answers without a token except the public list (health, OpenAPI, Swagger UI). */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class WriteSideExposureTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void everyDocumentedEndpointNeedsAToken() {
        String base = root.toString().replaceAll("/$", "");
        List<String> called = OpenApiExposure.assertNothingOpenBeyondThePublicList(base);
        for (String expected : List.of("POST /accounts", "POST /accounts/{id}/deposits", "POST /accounts/{id}/withdrawals",
                "POST /accounts/{id}/freeze", "POST /accounts/{id}/unfreeze", "POST /accounts/{id}/close",
                "POST /transfers", "GET /accounts/{id}/events", "GET /relay", "POST /relay/lag/reset")) {
            assertTrue(called.contains(expected), expected + " missing from the OpenAPI document: " + called);
        }
    }
}
