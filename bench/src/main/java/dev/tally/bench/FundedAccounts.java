package dev.tally.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * Opens EUR accounts through the write service and funds each with an opening balance large enough that no
 * withdrawal or transfer of a benchmark is ever rejected for insufficient funds.
 */
final class FundedAccounts {

    static final long OPENING_BALANCE = 1_000_000_000L;

    private FundedAccounts() {
    }

    /**
     * {@code count} accounts, owners {@code ownerPrefix + i}, opened by {@code parallelism} chains of requests at once
     * (a thousand accounts one by one would take a while); answers their ids in the order of i and raises
     * {@code lastPosition} to the last funding's position.
     */
    static List<String> open(WriteApi write, String ownerPrefix, int count, int parallelism, AtomicLong lastPosition)
            throws Exception {
        String[] ids = new String[count];
        AtomicInteger next = new AtomicInteger();
        List<Future<Void>> chains = new ArrayList<>();
        for (int c = 0; c < Math.max(1, parallelism); c++) {
            Promise<Void> done = Promise.promise();
            openNext(write, ownerPrefix, ids, next, lastPosition, done);
            chains.add(done.future());
        }
        WriteBenchmark.await(Future.all(chains));
        List<String> list = new ArrayList<>(count);
        Collections.addAll(list, ids);
        return List.copyOf(list);
    }

    private static void openNext(WriteApi write, String ownerPrefix, String[] ids, AtomicInteger next,
                                 AtomicLong lastPosition, Promise<Void> done) {
        int i = next.getAndIncrement();
        if (i >= ids.length) {
            done.complete();
            return;
        }
        write.openAccount(ownerPrefix + i)
                .compose(id -> write.depositAnswer(id, OPENING_BALANCE, "opening balance").map(answer -> {
                    lastPosition.accumulateAndGet(answer.getLong("position"), Math::max);
                    ids[i] = id;
                    return null;
                }))
                .onSuccess(x -> openNext(write, ownerPrefix, ids, next, lastPosition, done))
                .onFailure(done::fail);
    }
}
