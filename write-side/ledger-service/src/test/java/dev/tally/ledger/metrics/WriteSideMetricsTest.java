package dev.tally.ledger.metrics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.access.TestTokens;
import dev.tally.engines.testing.RealEngines;
import dev.tally.metrics.Scrape;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * After a known workload, the write side's metrics on {@code /q/metrics} (scraped over HTTP, parsed from the text
 * format) moved by exactly what was sent: commands by type, outcome and rejection code, idempotent replays, the
 * latency histogram, group commits, the relay's leadership, published events and backlog, readiness.
 */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
@ExtendWith(TestTokens.AdminByDefault.class)
class WriteSideMetricsTest {

    @Test
    void aKnownWorkloadMovesEachMetricByWhatWasSent() {
        Scrape before = Scrape.now();
        // Registered at start-up, not at the first command or audit, so a scrape shows them from the beginning.
        assertTrue(before.has("tally_commands_total", "command", "transfer", "outcome", "accepted", "code", "none"));
        assertTrue(before.has("tally_command_duration_seconds_count", "command", "close"));
        assertTrue(before.has("tally_consistency_last_audit_timestamp_seconds"));

        String a = open("metrics-ann");
        String b = open("metrics-bob");
        send("/accounts/" + a + "/deposits", Map.of("amount", 500, "reference", "pay"), null).then().statusCode(200);
        String key = UUID.randomUUID().toString();
        send("/accounts/" + b + "/deposits", Map.of("amount", 70, "reference", "pay"), key).then().statusCode(200);
        send("/accounts/" + b + "/deposits", Map.of("amount", 70, "reference", "pay"), key).then().statusCode(200)
                .header("Idempotent-Replayed", "true");
        send("/accounts/" + b + "/withdrawals", Map.of("amount", 1_000, "reference", "too much"), null)
                .then().statusCode(422);
        send("/transfers", Map.of("fromAccountId", a, "toAccountId", b, "amount", 5, "reference", "t"), null)
                .then().statusCode(200);

        Scrape after = Scrape.now();
        assertEquals(2, delta(before, after, "tally_commands_total",
                "command", "open_account", "outcome", "accepted", "code", "none"));
        assertEquals(2, delta(before, after, "tally_commands_total",
                "command", "deposit", "outcome", "accepted", "code", "none"));
        assertEquals(1, delta(before, after, "tally_commands_total",
                "command", "deposit", "outcome", "idempotent_replay", "code", "none"));
        assertEquals(1, delta(before, after, "tally_commands_total",
                "command", "withdraw", "outcome", "rejected", "code", "INSUFFICIENT_FUNDS"));
        assertEquals(1, delta(before, after, "tally_commands_total",
                "command", "transfer", "outcome", "accepted", "code", "none"));
        assertEquals(3, delta(before, after, "tally_command_duration_seconds_count", "command", "deposit"));
        assertEquals(3, delta(before, after, "tally_command_duration_seconds_bucket",
                "command", "deposit", "le", "+Inf"));
        assertTrue(after.has("tally_command_conflict_retries_total", "command", "transfer"));

        // 2 openings, 2 deposits, a transfer (2 events): 6 events, in at least one group-commit batch each request.
        assertTrue(delta(before, after, "tally_eventstore_group_commit_events_total") >= 6);
        double batches = delta(before, after, "tally_eventstore_group_commit_batches_total");
        assertTrue(batches >= 1 && batches <= 5, "batches " + batches);
        assertEquals(batches, delta(before, after, "tally_eventstore_append_duration_seconds_count"));
        assertEquals(batches, delta(before, after, "tally_eventstore_group_commit_requests_count"));
        assertEquals(5, delta(before, after, "tally_eventstore_group_commit_requests_sum"));

        // The relay leads, publishes those events and its backlog drains to 0. Head and checkpoint are refreshed
        // periodically (the checkpoint is stored after the acknowledgement), so the wait is for a refresh that saw
        // this workload's events with the checkpoint caught up, not for a backlog of 0 read before the workload.
        Scrape published = Scrape.await(s -> s.value("tally_relay_leader") == 1
                && s.value("tally_relay_published_events_total") - before.value("tally_relay_published_events_total") >= 6
                && s.value("tally_relay_outbox_head_position") - before.value("tally_relay_outbox_head_position") >= 6
                && s.value("tally_relay_checkpoint_position") == s.value("tally_relay_outbox_head_position")
                && s.value("tally_relay_outbox_backlog_events") == 0);
        assertTrue(published.value("tally_relay_commit_to_ack_seconds_count")
                - before.value("tally_relay_commit_to_ack_seconds_count") >= 6);
        assertTrue(published.has("tally_relay_errors_total", "reason", "publish"));
        assertEquals(1, published.value("tally_ready"));

        // Extensions' meters: JVM, HTTP server with templated URIs (no account id), the pools.
        assertTrue(published.sum("jvm_memory_used_bytes") > 0);
        // The relay's own Kafka producer, bound by RelayMetrics (the extension does not see it).
        assertTrue(published.sum("kafka_producer_record_send_total") >= 6, "the relay's producer meters");
        assertTrue(published.sum("http_server_requests_seconds_count", "uri", "/accounts/{id}/deposits") >= 3,
                "HTTP metrics by templated URI");
        assertFalse(published.text().contains(a), "an account id in a label");
    }

    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private static String open(String owner) {
        return given().contentType(ContentType.JSON).body(Map.of("ownerId", owner, "currency", "EUR"))
                .post("/accounts").then().statusCode(201).extract().path("accountId");
    }

    private static io.restassured.response.Response send(String path, Object body, String idempotencyKey) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post(path);
    }
}
