package dev.tally.projection.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tally.engines.testing.RealEngines;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The batch transaction advances the stored frontier in PostgreSQL ({@code advance_frontier}, next to the pending
 * positions and the row lock that serialises replicas); {@link Frontier#advance} owns the rule. This checks on a
 * real PostgreSQL that both agree, batch after batch, on random positions with holes, out of order and redelivered:
 * the stored frontier and pending positions equal the Java value after every call.
 */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
class FrontierAgreementTest {

    private static final String VIEW = "test_view";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Test
    void storedFrontierFollowsTheJavaRule() {
        Random random = new Random(2026);
        for (int round = 0; round < 40; round++) {
            int generation = 900_000 + round;
            scratchGeneration(generation);
            try {
                List<Long> handled = new ArrayList<>();
                int top = 1 + random.nextInt(80);
                for (long p = 1; p <= top; p++) {
                    if (random.nextInt(6) != 0) {
                        handled.add(p);
                    }
                }
                Collections.shuffle(handled, random);
                Frontier expected = Frontier.start();
                int i = 0;
                while (i < handled.size()) {
                    List<Long> batch = new ArrayList<>(handled.subList(i, Math.min(handled.size(), i + 1 + random.nextInt(8))));
                    i += batch.size();
                    if (random.nextInt(4) == 0) {
                        batch.add(batch.get(0)); // a redelivery inside the batch
                    }
                    if (random.nextInt(4) == 0 && expected.position() > 0) {
                        batch.add(1L + random.nextInt((int) expected.position())); // one already covered
                    }
                    expected = expected.advance(batch);
                    long returned = advance(generation, batch);
                    assertEquals(expected.position(), returned, "advance_frontier's answer after " + batch);
                    assertEquals(expected, stored(generation), "stored frontier after " + batch);
                }
            } finally {
                drop(generation);
            }
        }
    }

    /**
     * What catch-up does: positions dealt to six partitions (each in ascending order), read a random chunk of a
     * random partition at a time, so the batches interleave with what earlier batches left pending.
     */
    @Test
    void storedFrontierFollowsTheJavaRuleForPartitionsReadUnevenly() {
        Random random = new Random(7);
        for (int round = 0; round < 10; round++) {
            int generation = 900_100 + round;
            scratchGeneration(generation);
            try {
                List<List<Long>> partitions = new ArrayList<>();
                for (int p = 0; p < 6; p++) {
                    partitions.add(new ArrayList<>());
                }
                for (long position = 1; position <= 1_500; position++) {
                    partitions.get(random.nextInt(6)).add(position);
                }
                int[] next = new int[6];
                Frontier expected = Frontier.start();
                while (expected.position() < 1_500) {
                    List<Long> batch = new ArrayList<>();
                    for (int chunks = 1 + random.nextInt(3); chunks > 0; chunks--) {
                        int p = random.nextInt(6);
                        int end = Math.min(partitions.get(p).size(), next[p] + 1 + random.nextInt(60));
                        batch.addAll(partitions.get(p).subList(next[p], end));
                        next[p] = end;
                    }
                    if (batch.isEmpty()) {
                        continue;
                    }
                    expected = expected.advance(batch);
                    assertEquals(expected.position(), advance(generation, batch), "advance_frontier's answer");
                    assertEquals(expected, stored(generation), "stored frontier after a batch of " + batch.size());
                }
            } finally {
                drop(generation);
            }
        }
    }

    private void drop(int generation) {
        pool.preparedQuery("DELETE FROM " + VIEW + ".pending_positions WHERE generation = $1")
                .execute(Tuple.of(generation)).await().atMost(WAIT);
        pool.preparedQuery("DELETE FROM " + VIEW + ".generations WHERE n = $1")
                .execute(Tuple.of(generation)).await().atMost(WAIT);
    }

    private void scratchGeneration(int generation) {
        pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO " + VIEW + ".generations (n, schema_name, status) "
                                + "VALUES ($1, $2, $3)")
                        .execute(Tuple.of(generation, "frontier_check_g" + generation, GenerationStatus.ABANDONED.name()))
                        .chain(() -> tx.preparedQuery("INSERT INTO " + VIEW + ".progress (generation) VALUES ($1)")
                                .execute(Tuple.of(generation))))
                .await().atMost(WAIT);
    }

    private long advance(int generation, List<Long> batch) {
        return pool.preparedQuery("SELECT " + VIEW + ".advance_frontier($1, $2, 0, 0, 0, 0, 0)")
                .execute(Tuple.tuple().addInteger(generation).addArrayOfLong(batch.toArray(Long[]::new)))
                .map(rows -> rows.iterator().next().getLong(0))
                .await().atMost(WAIT);
    }

    private Frontier stored(int generation) {
        long position = pool.preparedQuery("SELECT frontier FROM " + VIEW + ".progress WHERE generation = $1")
                .execute(Tuple.of(generation))
                .map(rows -> rows.iterator().next().getLong(0))
                .await().atMost(WAIT);
        TreeSet<Long> pending = new TreeSet<>();
        for (Row row : pool.preparedQuery("SELECT position FROM " + VIEW + ".pending_positions WHERE generation = $1")
                .execute(Tuple.of(generation)).await().atMost(WAIT)) {
            pending.add(row.getLong(0));
        }
        return new Frontier(position, pending);
    }
}
