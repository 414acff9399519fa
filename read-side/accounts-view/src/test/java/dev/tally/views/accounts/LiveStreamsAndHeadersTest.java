package dev.tally.views.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.access.TestTokens;
import dev.tally.engines.testing.RealEngines;
import dev.tally.events.AccountOpened;
import dev.tally.platform.security.Roles;
import dev.tally.projection.ReadYourWrites;
import dev.tally.views.accounts.AccountsViewTest.ServerSentEvents;
import dev.tally.views.accounts.live.LiveStreams;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The view's bounds: live streams per replica (tally.accounts.live.max-streams, 8 in tests) and request headers. */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class LiveStreamsAndHeadersTest {

    @Inject
    ReadYourWrites readYourWrites;

    @Inject
    LiveStreams liveStreams;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "tally.projection.topic")
    String topic;

    @ConfigProperty(name = "tally.accounts.live.max-streams")
    int maxStreams;

    @TestHTTPResource("/")
    URI base;

    @Test
    void oneLiveStreamMoreThanTheLimitIs503AndAClosedOneFreesItsPlace() throws Exception {
        String account = UUID.randomUUID().toString();
        LedgerLog log = LedgerLog.shared(bootstrapServers, topic, readYourWrites.frontier());
        long position = log.append(new AccountOpened(account, "owner-" + UUID.randomUUID(), "EUR", 0)).position();
        URI live = base.resolve("accounts/" + account + "/live?minPosition=" + position);
        awaitTrue(() -> liveStreams.open() == 0, "no live stream left open by other tests");

        List<ServerSentEvents> open = new ArrayList<>();
        try {
            for (int i = 0; i < maxStreams; i++) {
                ServerSentEvents events = ServerSentEvents.open(live);
                open.add(events);
                assertEquals(200, events.status());
                assertEquals(account, events.next().getString("accountId"));
            }
            try (ServerSentEvents refused = ServerSentEvents.open(live)) {
                assertEquals(503, refused.status());
                assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
            }
            open.remove(0).close();
            awaitTrue(() -> liveStreams.open() < maxStreams, "the closed stream was released");
            try (ServerSentEvents again = ServerSentEvents.open(live)) {
                assertEquals(200, again.status());
            }
        } finally {
            for (ServerSentEvents events : open) {
                events.close();
            }
        }
    }

    @Test
    void oversizedHeadersAre431Problems() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        base.resolve("accounts/" + UUID.randomUUID()))
                .header("Authorization", "Bearer " + TestTokens.token(Roles.ADMIN, "a"))
                .header("X-Padding", "x".repeat(20 * 1024)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(431, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        JsonObject problem = new JsonObject(response.body());
        assertEquals("headers-too-large", problem.getString("code"));
        assertEquals(431, problem.getInteger("status"));
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(50);
        }
    }
}
