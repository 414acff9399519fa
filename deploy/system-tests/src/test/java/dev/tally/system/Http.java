package dev.tally.system;

import static io.restassured.RestAssured.given;

import dev.tally.engines.ServiceProcess;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Rest-assured against one of the system's processes, as an admin unless a test says who it is. */
public final class Http {

    private Http() {}

    public static RequestSpecification to(ServiceProcess service) {
        return as(service, "admin", "system-test");
    }

    /** A request carrying a token for {@code role} with subject {@code subject}. */
    public static RequestSpecification as(ServiceProcess service, String role, String subject) {
        return given().baseUri(service.baseUrl()).contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + Tokens.token(role, subject));
    }

    public static Response post(ServiceProcess service, String path, Object body) {
        return to(service).body(body).post(path);
    }
}
