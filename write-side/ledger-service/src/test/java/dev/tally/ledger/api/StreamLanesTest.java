package dev.tally.ledger.api;

import static dev.tally.ledger.api.LedgerApi.balance;
import static dev.tally.ledger.api.LedgerApi.deposit;
import static dev.tally.ledger.api.LedgerApi.eventCount;
import static dev.tally.ledger.api.LedgerApi.open;
import static dev.tally.ledger.api.LedgerApi.transfer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.access.TestTokens;
import dev.tally.engines.testing.RealEngines;
import dev.tally.ledger.app.StreamLanes;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Commands of one replica on the same streams take turns: with no conflict retries allowed at all, concurrent commands
 * on one hot account, and transfers both ways between two accounts, are all accepted (racing, most would lose the
 * append's version check and answer 409), and opposite transfers never wait for each other.
 */
@QuarkusTest
@TestProfile(StreamLanesTest.NoConflictRetries.class)
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
@ExtendWith(TestTokens.AdminByDefault.class)
class StreamLanesTest {

    public static class NoConflictRetries implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tally.commands.max-conflict-retries", "0");
        }
    }

    @Inject
    StreamLanes lanes;

    @Test
    void concurrentCommandsOnOneAccountAreAllAcceptedWithoutRetries() throws Exception {
        String account = open("lane", "EUR", 0);
        List<Integer> statuses = concurrently(40, i -> () -> deposit(account, 10 + i).statusCode());

        assertEquals(List.of(200), statuses.stream().distinct().toList(), "every deposit accepted: " + statuses);
        assertEquals(41, eventCount(account));
        assertEquals(40 * 10 + 39 * 40 / 2, balance(account));
        assertEquals(0, lanes.busyStreams(), "no lane outlives its commands");
    }

    @Test
    void transfersBothWaysBetweenTwoAccountsNeitherConflictNorDeadlock() throws Exception {
        String a = open("lane-a", "EUR", 0);
        String b = open("lane-b", "EUR", 0);
        deposit(a, 10_000).then().statusCode(200);
        deposit(b, 10_000).then().statusCode(200);

        List<Integer> statuses = concurrently(60, i -> switch (i % 3) {
            case 0 -> () -> transfer(a, b, 7).statusCode();
            case 1 -> () -> transfer(b, a, 5).statusCode();
            default -> () -> deposit(i % 2 == 0 ? a : b, 1).statusCode();
        });

        assertEquals(List.of(200), statuses.stream().distinct().toList(), "every command accepted: " + statuses);
        assertEquals(20_000 + 20, balance(a) + balance(b), "money moved between them, 20 deposited");
        assertEquals(10_000 - 20 * 7 + 20 * 5 + 10, balance(a));
        assertEquals(0, lanes.busyStreams(), "no lane outlives its commands");
    }

    private interface Numbered {
        Callable<Integer> command(int i);
    }

    private static List<Integer> concurrently(int n, Numbered commands) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                answers.add(pool.submit(commands.command(i)));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(60, TimeUnit.SECONDS)); // a deadlock fails here instead of hanging the build
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }
}
