package dev.tally.views.accounts;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.access.TestTokens;
import dev.tally.engines.testing.RealEngines;
import dev.tally.events.AccountOpened;
import dev.tally.events.MoneyDeposited;
import dev.tally.metrics.Scrape;
import dev.tally.projection.ReadYourWrites;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * More queries waiting for a position than the view has database connections: the projection must still reach the
 * position, and every one of them answer 200 once the event lands. (Resources open their session only after the
 * wait, so a waiting query holds no connection.)
 */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
@ExtendWith(TestTokens.AdminByDefault.class)
class WaitingQueriesTest {

    @Inject
    ReadYourWrites readYourWrites;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "tally.projection.topic")
    String topic;

    @ConfigProperty(name = "quarkus.datasource.reactive.max-size")
    int poolSize;

    @Test
    void queriesWaitingForAPositionDoNotStarveTheProjection() throws Exception {
        LedgerLog log = LedgerLog.shared(bootstrapServers, topic, readYourWrites.frontier());
        String account = UUID.randomUUID().toString();
        log.append(new AccountOpened(account, "waiter", "EUR", 0));
        long next = log.lastPosition() + 1;
        int waiting = poolSize * 3;
        ExecutorService clients = Executors.newFixedThreadPool(waiting);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < waiting; i++) {
                answers.add(clients.submit(() -> given().queryParam("minPosition", next)
                        .get("/accounts/{id}", account).statusCode()));
            }
            // All of them are waiting now, not still on their way.
            Scrape.await(s -> s.value("tally_projection_read_your_writes_waiting", "view", "accounts_view")
                    >= waiting);
            log.append(new MoneyDeposited(account, 7, "EUR", "wake up"));
            for (Future<Integer> answer : answers) {
                assertEquals(200, answer.get());
            }
        } finally {
            clients.shutdownNow();
        }
    }
}
