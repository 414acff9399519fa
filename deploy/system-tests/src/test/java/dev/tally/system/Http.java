package dev.tally.system;

import static io.restassured.RestAssured.given;

import dev.tally.engines.ServiceProcess;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Rest-assured against one of the system's processes. */
final class Http {

    private Http() {}

    static RequestSpecification to(ServiceProcess service) {
        return given().baseUri(service.baseUrl()).contentType(ContentType.JSON);
    }

    static Response post(ServiceProcess service, String path, Object body) {
        return to(service).body(body).post(path);
    }
}
