package dev.tally.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.access.TestTokens;
import dev.tally.engines.testing.RealEngines;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * The console's door over plain HTTP (the browser test in deploy/system-tests covers the pages): nothing without an
 * admin token, the reason on the login page, the token only in an HttpOnly, SameSite=Strict cookie for /console.
 */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class OperatorConsoleAccessTest {

    @Test
    void withoutATokenEveryPageRedirectsToTheLoginPageAndFragmentsAnswer401() {
        for (String page : new String[] {"/console", "/console/consistency", "/console/accounts", "/console/tail",
                "/console/overview"}) {
            given().redirects().follow(false).get(page).then().statusCode(303)
                    .header("Location", containsString("/console/login?reason=MISSING"));
        }
        given().redirects().follow(false).header("HX-Request", "true").get("/console/overview").then()
                .statusCode(401).header("HX-Redirect", "/console/login?reason=MISSING");
        given().redirects().follow(false).header("HX-Request", "true").post("/console/consistency/run").then()
                .statusCode(401);
        given().get("/console/login?reason=EXPIRED").then().statusCode(200)
                .body(containsString("Your token has expired"));
    }

    @Test
    void onlyAnAdminTokenOpensASessionAndTheCookieKeepsItFromScripts() {
        given().formParam("token", TestTokens.token("auditor", "ann")).post("/console/login").then()
                .statusCode(403).header("Set-Cookie", (String) null)
                .body(containsString("does not carry the admin role"), containsString("[auditor]"));
        given().formParam("token", TestTokens.expired("admin", "ops")).post("/console/login").then()
                .statusCode(401).body(containsString("has expired"));
        given().formParam("token", TestTokens.signedByAnotherKey("admin", "ops")).post("/console/login").then()
                .statusCode(401).body(containsString("was refused"));

        String token = TestTokens.token("admin", "ops");
        Response signedIn = given().redirects().follow(false).formParam("token", token).post("/console/login");
        assertEquals(303, signedIn.statusCode());
        String cookie = signedIn.header("Set-Cookie");
        assertTrue(cookie.startsWith("tally-console=" + token), cookie);
        for (String attribute : new String[] {"HttpOnly", "SameSite=Strict", "Path=/console", "Max-Age="}) {
            assertTrue(cookie.contains(attribute), attribute + " in " + cookie);
        }
        given().cookie("tally-console", token).get("/console").then().statusCode(200)
                .body(containsString("hx-get=\"/console/overview\""), not(containsString(token)));
        given().cookie("tally-console", TestTokens.token("customer", "alice")).redirects().follow(false)
                .get("/console").then().statusCode(303).header("Location", containsString("reason=NOT_ADMIN"));
    }

    @Test
    void theTailWithoutASessionSaysSoAndCloses() {
        given().accept("text/event-stream").get("/console/tail/events").then().statusCode(200)
                .body(containsString("status"), containsString("not signed in"), containsString("closed"));
    }
}
