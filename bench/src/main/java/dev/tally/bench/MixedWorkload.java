package dev.tally.bench;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The contended write load of the closed loop: 40% deposits, 30% withdrawals, 30% transfers, each account drawn
 * Zipf-like (probability of the k-th account ∝ 1/k^s) so a few hot accounts take most commands and concurrent
 * commands meet on the same streams. The service retries optimistic-concurrency conflicts itself; what it answers is
 * counted as: 2xx = done; 422 INSUFFICIENT_FUNDS = an expected domain rejection (counted apart, not an error; the
 * accounts are funded so it should not happen); anything else — 409 CONCURRENT_MODIFICATION (the service gave up
 * retrying) included — is an error.
 */
final class MixedWorkload {

    private final WriteApi write;
    private final List<String> accounts;
    /** Cumulative probabilities of the accounts in rank order. */
    private final double[] cumulative;
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong contention = new AtomicLong();

    MixedWorkload(WriteApi write, List<String> accounts, double exponent) {
        this.write = write;
        this.accounts = accounts;
        this.cumulative = new double[accounts.size()];
        double sum = 0;
        for (int k = 0; k < accounts.size(); k++) {
            sum += 1 / Math.pow(k + 1, exponent);
            cumulative[k] = sum;
        }
        for (int k = 0; k < cumulative.length; k++) {
            cumulative[k] /= sum;
        }
    }

    /** Share of all draws that land on the hottest account (1/H(n) for s = 1). */
    double hottestShare() {
        return cumulative[0];
    }

    /** One command; the client number does not matter, every client draws from the same distribution. */
    Future<Void> command(int client) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String account = draw(random);
        int kind = random.nextInt(10);
        Future<JsonObject> answer;
        if (kind < 4) {
            answer = write.depositAnswer(account, 100 + random.nextInt(100_000), "mixed deposit");
        } else if (kind < 7) {
            answer = write.withdraw(account, 100 + random.nextInt(10_000), "mixed withdrawal");
        } else {
            String to = draw(random);
            while (to.equals(account)) {
                to = draw(random);
            }
            answer = write.transfer(account, to, 100 + random.nextInt(10_000), "mixed transfer");
        }
        return answer.<Void>mapEmpty().recover(this::classify);
    }

    private Future<Void> classify(Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        if (message.contains("HTTP 422") && message.contains("INSUFFICIENT_FUNDS")) {
            rejected.incrementAndGet();
            return Future.succeededFuture();
        }
        if (message.contains("HTTP 409") && message.contains("CONCURRENT_MODIFICATION")) {
            contention.incrementAndGet();
        }
        return Future.failedFuture(failure);
    }

    private String draw(ThreadLocalRandom random) {
        int i = Arrays.binarySearch(cumulative, random.nextDouble());
        return accounts.get(Math.min(accounts.size() - 1, i >= 0 ? i : -i - 1));
    }
}
