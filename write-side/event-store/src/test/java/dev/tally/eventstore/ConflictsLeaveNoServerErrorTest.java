package dev.tally.eventstore;

import static dev.tally.eventstore.EventStoreTest.await;
import static dev.tally.eventstore.EventStoreTest.event;
import static dev.tally.eventstore.EventStoreTest.newStream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tally.engines.testing.RealEngines;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * A lost optimistic-concurrency race is an expected answer, not a server error: after conflicts forced through every
 * append path (group commit, the pipelined single append, the caller's transaction, racing writers that wait for the
 * position lock), the PostgreSQL server log holds no ERROR, while each conflict is still reported with its versions.
 */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class ConflictsLeaveNoServerErrorTest {

    @Inject
    EventStore store;

    @Inject
    Pool pool;

    @Test
    void conflictsOnEveryAppendPathLeaveNoErrorInTheServerLog() throws Exception {
        Path serverLog = RealEngines.postgres().logFile();
        long from = Files.size(serverLog);
        EventStore single = new EventStore(pool, 0, 0, new GroupCommitLimits(false, 1, 1));
        String stream = newStream();
        await(store.append(StreamAppend.of(stream, ExpectedVersion.noStream(), event("A"))));

        List<WrongExpectedVersionException> conflicts = new ArrayList<>();
        conflicts.add(conflict(store.append(StreamAppend.of(stream, ExpectedVersion.noStream(), event("Stale")))));
        conflicts.add(conflict(single.append(List.of(StreamAppend.of(stream, ExpectedVersion.noStream(), event("Stale"))))));
        conflicts.add(conflict(single.append(List.of(StreamAppend.of(stream, ExpectedVersion.exactly(7), event("Ahead"))))));
        conflicts.add(conflict(pool.withTransaction(tx ->
                store.append(tx, List.of(StreamAppend.of(stream, ExpectedVersion.noStream(), event("Stale")))))));
        assertEquals(List.of(0L, 0L, 7L, 0L), conflicts.stream().map(WrongExpectedVersionException::expectedVersion).toList());
        assertTrue(conflicts.stream().allMatch(c -> c.actualVersion() == 1 && c.streamId().equals(stream)),
                conflicts.toString());

        // Writers that all read version 1 race; the losers find out after waiting for the winner's lock.
        List<Uni<AppendResult>> racing = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            racing.add(single.append(List.of(StreamAppend.of(stream, ExpectedVersion.exactly(1), event("Race")))));
        }
        List<Object> outcomes = await(Uni.join().all(racing.stream()
                .map(u -> u.<Object>map(r -> r).onFailure().recoverWithItem(f -> f)).toList()).andFailFast());
        assertEquals(1, outcomes.stream().filter(AppendResult.class::isInstance).count(), outcomes.toString());
        outcomes.stream().filter(o -> !(o instanceof AppendResult))
                .forEach(o -> assertInstanceOf(WrongExpectedVersionException.class, o));
        assertEquals(2, await(store.streamVersion(stream)));

        // A warning the server does log: proves that this is its log and that it is read up to the end.
        await(pool.query("DO $$ BEGIN RAISE WARNING 'tally-log-probe'; END $$").execute());
        String logged = readFrom(serverLog, from, Duration.ofSeconds(1));
        assertTrue(logged.contains("tally-log-probe"), "not the server's log:\n" + logged);
        assertTrue(logged.lines().noneMatch(line -> line.contains("ERROR")),
                "the server logged an error for an expected conflict:\n" + logged);
    }

    private static WrongExpectedVersionException conflict(Uni<?> append) {
        Throwable failure = append.map(ignored -> (Throwable) null).onFailure().recoverWithItem(f -> f)
                .await().atMost(Duration.ofSeconds(10));
        return assertInstanceOf(WrongExpectedVersionException.class, failure);
    }

    /** What the server wrote after {@code from}, after a pause so that its last lines have reached the file. */
    private static String readFrom(Path file, long from, Duration settle) throws IOException, InterruptedException {
        Thread.sleep(settle.toMillis());
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            byte[] bytes = new byte[(int) (in.length() - from)];
            in.seek(from);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
