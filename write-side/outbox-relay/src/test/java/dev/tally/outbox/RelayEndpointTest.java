package dev.tally.outbox;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import dev.tally.access.TestTokens;
import dev.tally.engines.testing.RealEngines;
import dev.tally.platform.security.Roles;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The relay brings its own status endpoint and readiness check: a host gets them by adding the dependency. */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class RelayEndpointTest {

    @Test
    void theStatusIsForAdminsOnly() {
        given().get("/relay").then().statusCode(401);
        TestTokens.as(Roles.CUSTOMER, "c-1").get("/relay").then().statusCode(403);
        TestTokens.as(Roles.ADMIN, "ops").get("/relay").then().statusCode(200)
                .body("started", equalTo(true))
                .body("instanceId", notNullValue())
                .body("lag.count", notNullValue());
        TestTokens.as(Roles.ADMIN, "ops").post("/relay/lag/reset").then().statusCode(200)
                .body("count", notNullValue());
    }

    @Test
    void readinessIncludesTheRelay() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("outbox-relay"))
                .body("checks.find { it.name == 'outbox-relay' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'outbox-relay' }.data.enabled", equalTo(true));
    }
}
