package dev.tally.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Command acknowledged → visible in all three views, under an open loop of commands. Each command (deposit,
 * withdrawal or transfer over a pool of accounts) is sent at its scheduled time; right after its 2xx the same
 * account is queried on every view with {@code ?minPosition=<position from the answer>} (the view answers once it
 * has applied that position: read-your-writes), and the latest of the three answers is the moment the write is
 * visible everywhere. Any non-2xx (a 503 from a view that did not catch up in time included) fails the command.
 */
final class EndToEnd {

    private final WriteApi write;
    private final Map<ReadView, JsonHttp> views;
    private final List<String> accounts;
    final Latencies visible = new Latencies();
    final Latencies acknowledged = new Latencies();
    final Map<ReadView, Latencies> perView = new EnumMap<>(ReadView.class);
    final AtomicLong commandFailures = new AtomicLong();
    final AtomicLong viewFailures = new AtomicLong();
    final AtomicLong unavailable = new AtomicLong();
    final AtomicLong lastPosition = new AtomicLong();
    /** {@link System#nanoTime()} of the latest 2xx: with the count, the rate the write side actually achieved. */
    final AtomicLong lastAcknowledgedAt = new AtomicLong();

    EndToEnd(WriteApi write, Map<ReadView, JsonHttp> views, List<String> accounts) {
        this.write = write;
        this.views = views;
        this.accounts = accounts;
        for (ReadView v : ReadView.values()) {
            perView.put(v, new Latencies());
        }
    }

    /**
     * Command {@code n}: 40% deposits, 30% withdrawals, 30% transfers, on accounts drawn from {@code n}; its command
     * latency counts from {@code scheduled}, the open loop's plan, so a late send cannot hide.
     */
    Future<Void> commandAt(int n, long scheduled) {
        SplittableRandom random = new SplittableRandom(n * 0x9E3779B97F4A7C15L);
        String account = accounts.get(random.nextInt(accounts.size()));
        int kind = random.nextInt(10);
        long sent = scheduled;
        Future<JsonObject> answer;
        String queried = account;
        if (kind < 4) {
            answer = write.depositAnswer(account, 100 + random.nextInt(100_000), "e2e deposit " + n);
        } else if (kind < 7) {
            answer = write.withdraw(account, 100 + random.nextInt(10_000), "e2e withdrawal " + n);
        } else {
            String to = accounts.get(random.nextInt(accounts.size()));
            if (to.equals(account)) {
                to = accounts.get((accounts.indexOf(account) + 1) % accounts.size());
            }
            queried = to;
            answer = write.transfer(account, to, 100 + random.nextInt(10_000), "e2e transfer " + n);
        }
        String target = queried;
        return answer.recover(e -> {
            commandFailures.incrementAndGet();
            return Future.failedFuture(e);
        }).compose(json -> {
            long acked = System.nanoTime();
            acknowledged.add(acked - sent);
            lastAcknowledgedAt.accumulateAndGet(acked, Math::max);
            long position = json.getLong("position");
            lastPosition.accumulateAndGet(position, Math::max);
            List<Future<Long>> answers = new ArrayList<>();
            for (ReadView v : ReadView.values()) {
                answers.add(views.get(v).get(v.accountQuery(target, position)).map(x -> {
                    long latency = System.nanoTime() - acked;
                    perView.get(v).add(latency);
                    return latency;
                }).recover(e -> {
                    viewFailures.incrementAndGet();
                    if (String.valueOf(e.getMessage()).contains("HTTP 503")) {
                        unavailable.incrementAndGet();
                    }
                    return Future.failedFuture(v.service + ": " + e.getMessage());
                }));
            }
            return Future.all(answers).map(all -> {
                visible.add(System.nanoTime() - acked);
                return null;
            });
        });
    }

    /** The account pool: {@code count} EUR accounts, each funded so no withdrawal or transfer is ever rejected. */
    static List<String> openAccounts(WriteApi write, int count, AtomicLong lastPosition) throws Exception {
        return FundedAccounts.open(write, "e2e-owner-", count, 1, lastPosition);
    }

    static Duration sinceNanos(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
