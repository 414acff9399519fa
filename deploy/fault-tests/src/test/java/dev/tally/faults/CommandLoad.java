package dev.tally.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.engines.ServiceProcess;
import dev.tally.system.Tokens;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded, concurrent command load on the write replicas, as a careful client runs it: every command carries its own
 * Idempotency-Key and is retried with that key (on the next replica, with back-off) until it gets a definite answer,
 * 2xx or 4xx. Some acknowledged commands are sent a second time with the same key, which must replay the first answer.
 */
final class CommandLoad implements AutoCloseable {

    /**
     * @param clients        concurrent clients
     * @param ratePerSecond  commands per second over all clients (the bound)
     * @param requestTimeout a client gives up on an attempt after this long, then retries
     * @param giveUpAfter    a command still without a definite answer after this long is recorded as unresolved
     */
    record Settings(int clients, int ratePerSecond, Duration requestTimeout, Duration giveUpAfter) {
        static Settings steady() {
            return new Settings(6, 120, Duration.ofSeconds(10), Duration.ofSeconds(120));
        }

        Settings withRequestTimeout(Duration timeout) {
            return new Settings(clients, ratePerSecond, timeout, giveUpAfter);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] CURRENCIES = {"EUR", "USD"};

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();
    private final String token = Tokens.token("admin", "fault-suite");
    private final List<String> accounts;
    private final Settings settings;
    private final long seed;
    private final ConcurrentLinkedQueue<IssuedCommand> issued = new ConcurrentLinkedQueue<>();
    private volatile List<ServiceProcess> targets;
    private volatile boolean stopping;
    private ExecutorService clients;
    private List<Future<?>> running = List.of();

    CommandLoad(List<ServiceProcess> targets, List<String> accounts, Settings settings, long seed) {
        this.targets = List.copyOf(targets);
        this.accounts = accounts instanceof CopyOnWriteArrayList ? accounts : new CopyOnWriteArrayList<>(accounts);
        this.settings = settings;
        this.seed = seed;
    }

    /** Opens {@code count} accounts (with retries like any command) and returns their ids. */
    static List<String> openAccounts(List<ServiceProcess> targets, int count, long seed) {
        CommandLoad setup = new CommandLoad(targets, new CopyOnWriteArrayList<>(), Settings.steady(), seed);
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            setup.send(random, 0, "open");
        }
        return List.copyOf(setup.accounts);
    }

    List<String> accounts() {
        return accounts;
    }

    /** Where the next attempts go (a replica being restarted can be left out or not: a refused attempt is retried). */
    void target(List<ServiceProcess> replicas) {
        targets = List.copyOf(replicas);
    }

    CommandLoad start() {
        clients = Executors.newFixedThreadPool(settings.clients());
        List<Future<?>> futures = new ArrayList<>();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) * settings.clients() / settings.ratePerSecond();
        for (int c = 0; c < settings.clients(); c++) {
            Random random = new Random(seed * 131 + c);
            int client = c;
            futures.add(clients.submit(() -> {
                long next = System.nanoTime();
                for (int n = 0; !stopping; n++) {
                    send(random, client + n, pick(random));
                    next += intervalNanos;
                    LockSupport.parkNanos(next - System.nanoTime());
                }
                return null;
            }));
        }
        running = futures;
        return this;
    }

    /** Stops sending new commands, lets every command in hand reach its definite answer, returns all commands sent. */
    List<IssuedCommand> stop() throws Exception {
        stopping = true;
        for (Future<?> f : running) {
            f.get(settings.giveUpAfter().toSeconds() + 30, TimeUnit.SECONDS);
        }
        clients.shutdown();
        return List.copyOf(issued);
    }

    @Override
    public void close() {
        stopping = true;
        if (clients != null) {
            clients.shutdownNow();
        }
    }

    private static String pick(Random random) {
        int p = random.nextInt(100);
        if (p < 4) {
            return "open";
        } else if (p < 38) {
            return "deposit";
        } else if (p < 62) {
            return "withdraw";
        } else if (p < 94) {
            return "transfer";
        } else if (p < 97) {
            return "freeze";
        }
        return "unfreeze";
    }

    private void send(Random random, int spread, String kind) {
        String key = UUID.randomUUID().toString();
        String account = accounts.isEmpty() ? null : accounts.get(random.nextInt(accounts.size()));
        String path;
        Map<String, Object> body;
        switch (kind) {
            case "open" -> {
                path = "/accounts";
                body = Map.of("ownerId", "fault-owner-" + random.nextInt(5),
                        "currency", CURRENCIES[random.nextInt(CURRENCIES.length)], "overdraftLimit", 500);
            }
            case "deposit" -> {
                path = "/accounts/" + account + "/deposits";
                body = Map.of("amount", 1 + random.nextInt(5_000), "reference", "fault");
            }
            case "withdraw" -> {
                path = "/accounts/" + account + "/withdrawals";
                body = Map.of("amount", 1 + random.nextInt(4_000), "reference", "fault");
            }
            case "transfer" -> {
                path = "/transfers";
                body = Map.of("fromAccountId", account, "toAccountId", accounts.get(random.nextInt(accounts.size())),
                        "amount", 1 + random.nextInt(3_000), "reference", "fault");
            }
            default -> {
                path = "/accounts/" + account + "/" + kind;
                body = Map.of();
            }
        }
        issued.add(attemptUntilDefinite(key, kind, path, body, spread, random));
    }

    private IssuedCommand attemptUntilDefinite(String key, String kind, String path, Map<String, Object> body,
                                               int spread, Random random) {
        long deadline = System.nanoTime() + settings.giveUpAfter().toNanos();
        int attempts = 0, unavailable = 0, timedOut = 0, refused = 0, serverErrors = 0, dropped = 0;
        String firstBroken = null;
        long backoffMillis = 50;
        while (System.nanoTime() < deadline) {
            List<ServiceProcess> replicas = targets;
            ServiceProcess target = replicas.get((spread + attempts) % replicas.size());
            attempts++;
            try {
                HttpResponse<String> answer = http.send(request(target, path, key, body, settings.requestTimeout()),
                        HttpResponse.BodyHandlers.ofString());
                int status = answer.statusCode();
                if (status < 500) {
                    long position = -1;
                    boolean mismatch = false;
                    if (status < 300) {
                        JsonNode json = JSON.readTree(answer.body());
                        position = json.path("position").asLong(-1);
                        if ("open".equals(kind)) {
                            accounts.add(json.path("accountId").asText());
                        }
                        mismatch = random.nextInt(10) == 0 && !replaysTheSame(key, path, body, answer);
                    }
                    return new IssuedCommand(key, kind, "transfer".equals(kind) ? 2 : 1, status, position, attempts,
                            unavailable, timedOut, refused, serverErrors, dropped, mismatch, firstBroken);
                }
                boolean problem = answer.headers().firstValue("Content-Type").orElse("")
                        .startsWith("application/problem+json");
                if (status == 503 && problem) {
                    unavailable++;
                } else {
                    serverErrors++;
                    firstBroken = firstBroken != null ? firstBroken : status + " from " + target.name() + ": "
                            + answer.body();
                }
            } catch (HttpTimeoutException e) {
                timedOut++;
            } catch (ConnectException e) {
                refused++;
            } catch (IOException e) {
                dropped++;
                firstBroken = firstBroken != null ? firstBroken : e + " from " + target.name();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoffMillis));
            backoffMillis = Math.min(1_000, backoffMillis * 2);
        }
        return new IssuedCommand(key, kind, "transfer".equals(kind) ? 2 : 1, 0, -1, attempts, unavailable, timedOut,
                refused, serverErrors, dropped, false, firstBroken);
    }

    /** The same request with the same key, to another replica if there is one: must get the first answer again. */
    private boolean replaysTheSame(String key, String path, Map<String, Object> body, HttpResponse<String> first) {
        List<ServiceProcess> replicas = targets;
        ServiceProcess target = replicas.get(Math.floorMod(key.hashCode(), replicas.size()));
        try {
            HttpResponse<String> again = http.send(request(target, path, key, body, Duration.ofSeconds(10)),
                    HttpResponse.BodyHandlers.ofString());
            if (again.statusCode() >= 500) {
                return true; // not an answer; the replay is only judged when there is one
            }
            return again.statusCode() == first.statusCode()
                    && JSON.readTree(again.body()).equals(JSON.readTree(first.body()));
        } catch (IOException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private HttpRequest request(ServiceProcess target, String path, String key, Map<String, Object> body,
                                Duration timeout) throws IOException {
        return HttpRequest.newBuilder(URI.create(target.baseUrl() + path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
    }
}
