package dev.tally.system;

import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * A seeded, randomized, concurrent mix of every command, including ones the ledger must reject (overdrafts, frozen
 * and closed accounts, currency mismatches, self transfers, closing with money, invalid amounts). It records the
 * highest global position any command was acknowledged with, and what each answer was.
 */
final class Workload {

    record Outcome(int acknowledged, int rejected, long maxPosition, List<String> accounts) {}

    private static final String[] CURRENCIES = {"EUR", "USD", "GBP"};

    private final Ledger ledger;
    private final long seed;

    Workload(Ledger ledger, long seed) {
        this.ledger = ledger;
        this.seed = seed;
    }

    Outcome run(int accountCount, int commandsPerClient, int clients) throws Exception {
        Random setup = new Random(seed);
        List<String> accounts = Collections.synchronizedList(new ArrayList<>());
        LongAccumulator maxPosition = new LongAccumulator(Math::max, 0);
        for (int i = 0; i < accountCount; i++) {
            accounts.add(ledger.open("owner-" + (i % 7), CURRENCIES[setup.nextInt(CURRENCIES.length)],
                    setup.nextInt(4) == 0 ? 1_000 : 0));
        }
        AtomicLong acknowledged = new AtomicLong(accountCount);
        AtomicLong rejected = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                Random random = new Random(seed * 31 + c);
                done.add(pool.submit(() -> {
                    for (int n = 0; n < commandsPerClient; n++) {
                        Response answer = next(random, accounts);
                        int status = answer.statusCode();
                        if (status >= 500) {
                            throw new AssertionError("server error " + status + ": " + answer.asString());
                        }
                        if (status < 300) {
                            acknowledged.incrementAndGet();
                            Number position = answer.path("position");
                            maxPosition.accumulate(position.longValue());
                        } else {
                            rejected.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new Outcome((int) acknowledged.get(), (int) rejected.get(), maxPosition.get(), List.copyOf(accounts));
    }

    private Response next(Random random, List<String> accounts) {
        String account = accounts.get(random.nextInt(accounts.size()));
        int pick = random.nextInt(100);
        if (pick < 35) {
            return ledger.deposit(account, 1 + random.nextInt(5_000));
        } else if (pick < 60) {
            return ledger.withdraw(account, 1 + random.nextInt(4_000));
        } else if (pick < 85) {
            String other = accounts.get(random.nextInt(accounts.size()));
            return ledger.transfer(account, other, 1 + random.nextInt(3_000));
        } else if (pick < 90) {
            return ledger.command(account, "freeze");
        } else if (pick < 95) {
            return ledger.command(account, "unfreeze");
        } else if (pick < 98) {
            return ledger.command(account, "close");
        } else {
            return ledger.deposit(account, random.nextBoolean() ? 0 : -5);
        }
    }
}
