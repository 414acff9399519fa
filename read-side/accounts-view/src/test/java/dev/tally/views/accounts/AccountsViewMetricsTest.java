package dev.tally.views.accounts;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.access.TestTokens;
import dev.tally.engines.testing.RealEngines;
import dev.tally.envelope.EventEnvelope;
import dev.tally.events.AccountOpened;
import dev.tally.events.MoneyDeposited;
import dev.tally.metrics.Scrape;
import dev.tally.projection.ReadYourWrites;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * After known events on the log, the projection runtime's metrics on {@code /q/metrics} (scraped over HTTP) say
 * exactly what happened: events applied and redelivered, the frontier at the last position, lag back to 0, batches
 * counted, a read-your-writes wait that was reached (seen waiting first) and one that timed out.
 */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
@ExtendWith(TestTokens.AdminByDefault.class)
class AccountsViewMetricsTest {

    private static final String VIEW = "accounts_view";

    @Inject
    ReadYourWrites readYourWrites;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "tally.projection.topic")
    String topic;

    @ConfigProperty(name = "tally.projection.view")
    String view;

    @Test
    void knownEventsMoveTheViewsMetricsByExactlyThatMuch() throws Exception {
        assertEquals(VIEW, view);
        LedgerLog log = LedgerLog.shared(bootstrapServers, topic, readYourWrites.frontier());
        String account = UUID.randomUUID().toString();
        EventEnvelope opened = log.append(new AccountOpened(account, "metrics", "EUR", 0));
        Scrape.await(s -> s.value("tally_projection_frontier_position", "view", VIEW) >= log.lastPosition());
        Scrape before = Scrape.now();

        // A query that waits for the next position, released by the deposit.
        long next = log.lastPosition() + 1;
        CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> given()
                .queryParam("minPosition", next).get("/accounts/{id}", account).statusCode());
        Scrape.await(s -> s.value("tally_projection_read_your_writes_waiting", "view", VIEW) == 1);
        log.append(new MoneyDeposited(account, 5, "EUR", "one"));
        log.append(new MoneyDeposited(account, 6, "EUR", "two"));
        log.resend(List.of(opened));
        assertEquals(200, waiting.get());
        // A query for a position nobody writes: it times out (503).
        given().queryParam("minPosition", log.lastPosition() + 1_000).get("/accounts/{id}", account)
                .then().statusCode(503);

        Scrape after = Scrape.await(s -> s.value("tally_projection_frontier_position", "view", VIEW)
                >= log.lastPosition()
                && delta(before, s, "tally_projection_events_total", "outcome", "redelivered") >= 1
                && s.sum("tally_projection_lag_events", "view", VIEW) == 0);
        assertEquals(2, delta(before, after, "tally_projection_events_total", "outcome", "applied"));
        assertEquals(1, delta(before, after, "tally_projection_events_total", "outcome", "redelivered"));
        assertEquals(0, delta(before, after, "tally_projection_events_total", "outcome", "dead_lettered"));
        assertEquals(0, delta(before, after, "tally_projection_events_total", "outcome", "skipped"));
        assertEquals(log.lastPosition(), (long) after.value("tally_projection_frontier_position", "view", VIEW));
        assertTrue(after.has("tally_projection_lag_events", "view", VIEW, "partition", "0")
                || after.sum("tally_projection_lag_events", "view", VIEW) == 0);
        assertEquals(0, after.sum("tally_projection_lag_seconds", "view", VIEW));
        double batches = delta(before, after, "tally_projection_batch_duration_seconds_count");
        assertTrue(batches >= 1 && batches <= 3, "batches " + batches);
        assertEquals(3, delta(before, after, "tally_projection_batch_records_sum"));
        assertEquals(1, delta(before, after, "tally_projection_read_your_writes_wait_seconds_count",
                "outcome", "reached"));
        assertEquals(1, delta(before, after, "tally_projection_read_your_writes_wait_seconds_count",
                "outcome", "timed_out"));
        assertTrue(delta(before, after, "tally_projection_read_your_writes_wait_seconds_sum", "outcome", "timed_out")
                >= 2.5, "a time-out waits the configured 3 s");
        assertEquals(0, after.value("tally_projection_rebuilding", "view", VIEW));
        // The live consumer's own Kafka client meters, bound by ProjectionMetrics (the extension does not see it).
        assertTrue(after.sum("kafka_consumer_fetch_manager_records_consumed_total", "view", VIEW) >= 3,
                "the live consumer's meters");
        assertEquals(0, after.value("tally_projection_open_gaps", "view", VIEW));
        assertEquals(0, after.value("tally_projection_read_your_writes_waiting", "view", VIEW));

        Scrape ready = Scrape.await(s -> s.value("tally_ready") == 1);
        assertTrue(ready.sum("http_server_requests_seconds_count", "uri", "/accounts/{accountId}") >= 2,
                "HTTP metrics by templated URI");
        assertFalse(ready.text().contains(account), "an account id in a label");
    }

    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        String[] withView = new String[labels.length + 2];
        System.arraycopy(labels, 0, withView, 0, labels.length);
        withView[labels.length] = "view";
        withView[labels.length + 1] = VIEW;
        return after.sum(name, withView) - before.sum(name, withView);
    }

}
