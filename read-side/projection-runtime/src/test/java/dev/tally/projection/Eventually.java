package dev.tally.projection;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** Waiting for asynchronous folding in tests, with a clear failure when it does not happen. */
public final class Eventually {

    private Eventually() {
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what);
            }
        }
    }

    /** {@code GET /projection} as JSON. */
    public static JsonPath projection() {
        return given().get("/projection").then().statusCode(200).extract().jsonPath();
    }

    /** Waits until {@code GET /projection} satisfies {@code condition}; returns that report. */
    public static JsonPath projectionUntil(String what, Duration timeout, Predicate<JsonPath> condition) {
        JsonPath[] last = new JsonPath[1];
        try {
            until(what, timeout, () -> condition.test(last[0] = projection()));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last report: " + (last[0] == null ? null : last[0].prettify()));
        }
        return last[0];
    }

    public static JsonPath frontierReaches(long position) {
        return projectionUntil("the frontier reaches " + position, Duration.ofSeconds(60),
                r -> r.getLong("frontier") >= position);
    }
}
