package dev.tally.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.tally.engines.Ports;
import dev.tally.engines.log.Topics;

/**
 * The engines' floor: the work one command of the open-loop sweep asks of the engines, done with nothing in between,
 * at the same rate, so the sweep's CPU per command has a baseline measured in the same run. One "command" is a POST
 * with a JSON body to a bare HTTP server ({@link RawHttpServer}), one event-sized INSERT committed with PostgreSQL's
 * default durability, one record produced with {@code acks=all} and idempotence ({@code linger.ms=5}: the relay's
 * linger gathers its batches that long),
 * then three reads, each a GET to the bare server and a primary-key SELECT. Three consumers, one per "view", fetch like
 * the views' live consumers ({@code fetch.max.wait.ms} 20 ms, {@code fetch.min.bytes} 1 MiB) and store each poll's
 * records and their offsets in one upsert statement, committed asynchronously as the views commit. What it leaves out
 * is everything the services add: the event store's checks and position order, idempotency, JWT, the relay's
 * checkpoint, the views' version guards, frontier and read-your-writes wait, CloudEvents and JSON mapping.
 * <p>
 * The closed-loop floor ({@link #deposit}) is the write path alone, as the closed loop's deposits are: the POST and
 * the durable INSERT answer the client; the record follows without being waited for.
 */
final class EngineFloor implements AutoCloseable {

    static final String TOPIC = "bench.floor.events";
    /** The processes the floor's CPU is counted in: the bare server, the engines and the load generator. */
    static final List<String> COMPONENTS = List.of("floor-http", "kafka", "postgres", "bench");
    private static final int VIEWS = 3;
    private static final Duration APPLIED_TIMEOUT = Duration.ofSeconds(60);
    /** The relay waits {@code tally.relay.linger} (5 ms) after a notification, so its batches gather that long. */
    private static final int RELAY_LINGER_MS = 5;

    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS bench.floor_state (
                view int NOT NULL, id text NOT NULL, amount bigint NOT NULL, position bigint NOT NULL,
                PRIMARY KEY (view, id));
            CREATE TABLE IF NOT EXISTS bench.floor_offsets (
                view int NOT NULL, kafka_partition int NOT NULL, next_offset bigint NOT NULL,
                PRIMARY KEY (view, kafka_partition))""";
    private static final String SEED = """
            INSERT INTO bench.floor_state (view, id, amount, position)
            SELECT v, i, 0, 0 FROM generate_series(0, 2) v, unnest($1::text[]) i ON CONFLICT DO NOTHING""";
    private static final String INSERT_EVENT = "INSERT INTO bench.raw_events (stream_id, stream_version, event_id, data)"
            + " VALUES ($1, $2, $3, $4::text::jsonb)";
    /** A poll's records folded per id and stored with the partitions' next offsets, in one statement. */
    private static final String APPLY = """
            WITH state AS (
                INSERT INTO bench.floor_state (view, id, amount, position)
                SELECT $1, i, sum(a), max(p) FROM unnest($2::text[], $3::bigint[], $4::bigint[]) AS t(i, a, p) GROUP BY i
                ON CONFLICT (view, id) DO UPDATE
                SET amount = bench.floor_state.amount + excluded.amount, position = excluded.position)
            INSERT INTO bench.floor_offsets (view, kafka_partition, next_offset)
            SELECT $1, k, o FROM unnest($5::int[], $6::bigint[]) AS t(k, o)
            ON CONFLICT (view, kafka_partition) DO UPDATE SET next_offset = excluded.next_offset""";
    private static final String READ = "SELECT amount, position FROM bench.floor_state WHERE view = $1 AND id = $2";

    private final Process server;
    private final JsonHttp http;
    private final Pool durable;
    private final Pool asynchronous;
    private final KafkaProducer<String, byte[]> producer;
    private final List<Thread> consumers = new ArrayList<>();
    private final List<String> ids;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong sequence = new AtomicLong();
    /** Records sent, those answered (acknowledged or failed), and those acknowledged. */
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong settled = new AtomicLong();
    private final AtomicLong produced = new AtomicLong();
    private final AtomicLongArray applied = new AtomicLongArray(VIEWS);
    /** Failures off a command's path: records not sent, polls not stored. */
    private final AtomicLong asyncFailures = new AtomicLong();
    private volatile boolean stopping;

    private EngineFloor(Vertx vertx, BenchEngines engines, int accounts) throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            names.add("floor-" + i);
        }
        this.ids = List.copyOf(names);
        int port = Ports.freeLoopbackPort();
        this.server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx128m", "-cp", System.getProperty("java.class.path"), RawHttpServer.class.getName(),
                Integer.toString(port)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            this.http = new JsonHttp(vertx, port, 64);
            this.durable = PgPool.pool(vertx, engines.pgOptions(), new PoolOptions().setMaxSize(8));
            this.asynchronous = PgPool.pool(vertx, engines.pgOptions().addProperty("synchronous_commit", "off"),
                    new PoolOptions().setMaxSize(VIEWS + 2));
            WriteBenchmark.await(durable.query(SCHEMA).execute());
            WriteBenchmark.await(durable.preparedQuery(SEED).execute(Tuple.of((Object) ids.toArray(String[]::new))));
            String bootstrap = engines.kafka.bootstrapServers();
            Topics.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                    new NewTopic(TOPIC, LedgerTopic.PARTITIONS, (short) 1));
            this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.LINGER_MS_CONFIG, RELAY_LINGER_MS, ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"),
                    new StringSerializer(), new ByteArraySerializer());
            for (int view = 0; view < VIEWS; view++) {
                int v = view;
                Thread consumer = new Thread(() -> consume(bootstrap, v), "floor-view-" + view);
                consumer.setDaemon(true);
                consumer.start();
                consumers.add(consumer);
            }
            awaitServer();
        } catch (Exception | Error e) {
            stopping = true;
            server.destroyForcibly();
            throw e;
        }
    }

    /** The bare server, the schema, the topic and the three consumers, ready for {@link #measure}. */
    static EngineFloor start(Vertx vertx, BenchEngines engines, int accounts) throws Exception {
        return new EngineFloor(vertx, engines, accounts);
    }

    Optional<ProcessHandle> serverProcess() {
        return server.isAlive() ? Optional.of(server.toHandle()) : Optional.empty();
    }

    long asyncFailures() {
        return asyncFailures.get();
    }

    /** Floor commands at {@code rate} for {@code duration}, unmeasured: the JIT compiles the paths first. */
    void warmUp(double rate, Duration duration) throws Exception {
        OpenLoop.run("floor JIT warm-up", rate, Duration.ZERO, duration, this::command);
        awaitApplied();
    }

    /**
     * An open loop of floor commands at {@code rate}: a warm-up, then a measured window from idle to idle (until every
     * consumer stored every record produced), CPU sampled at either end.
     */
    LiveResults.FloorPoint measure(double rate, Duration warmup, Duration measure, CpuMeter cpu) throws Exception {
        OpenLoop.run("floor warm-up", rate, Duration.ZERO, warmup, this::command);
        awaitApplied();
        long failuresBefore = asyncFailures.get();
        CpuMeter.Sample before = cpu.sample();
        PhaseResult phase = OpenLoop.run("floor", rate, Duration.ZERO, measure, this::command);
        awaitApplied();
        CpuMeter.Sample after = cpu.sample();
        return new LiveResults.FloorPoint(rate, phase.completed() / phase.seconds(), phase.completed(),
                phase.latency(), phase.errors() + asyncFailures.get() - failuresBefore,
                (after.nanos() - before.nanos()) / 1e9, CpuMeter.between(before, after));
    }

    /** One floor command; completes after its three reads. */
    private Future<Void> command(int ignored) {
        long n = sequence.incrementAndGet(); // across phases: a stream's versions stay unique
        String id = ids.get((int) (n % ids.size()));
        long amount = 100 + n % 900;
        JsonObject body = new JsonObject().put("accountId", id).put("amount", amount)
                .put("reference", "floor command " + n);
        String stream = runId + "-" + id;
        return http.send(io.vertx.core.http.HttpMethod.POST, "/commands", body, 200, null)
                .compose(answer -> durable.preparedQuery(INSERT_EVENT).execute(Tuple.of(stream, n,
                        UUID.randomUUID(), RawInserts.eventJson(stream, n))))
                .compose(inserted -> produce(id, n, amount))
                .compose(acked -> Future.all(read(0, id), read(1, id), read(2, id)))
                .mapEmpty();
    }

    /**
     * One deposit of the closed-loop floor by {@code client}: the POST, then the INSERT on the client's own
     * connection, answered as soon as it is durable; the record goes out without being waited for, as the write
     * service answers before its relay publishes. The three consumers store it meanwhile.
     */
    Future<Void> deposit(RawInserts inserts, int client) {
        long n = sequence.incrementAndGet();
        String id = ids.get(client % ids.size());
        JsonObject body = new JsonObject().put("accountId", id).put("amount", 100).put("reference", "floor deposit");
        return http.send(io.vertx.core.http.HttpMethod.POST, "/commands", body, 200, null)
                .compose(answer -> inserts.insert(client))
                .onSuccess(inserted -> send(id, n, 100).onFailure(e -> {
                    asyncFailures.incrementAndGet();
                    LiveBenchmark.log("floor record not sent: " + e);
                }));
    }

    /** An open-loop command's record: the command goes on once it is acknowledged, on the caller's context. */
    private Future<Void> produce(String id, long position, long amount) {
        Promise<Void> acked = Promise.promise();
        Context context = Vertx.currentContext(); // the reads go on from there, not from the producer's I/O thread
        send(id, position, amount).onComplete(result -> context.runOnContext(ignored -> acked.handle(result)));
        return acked.future();
    }

    /** Sends one record, counted until answered; completes on the producer's I/O thread once acknowledged. */
    private Future<Void> send(String id, long position, long amount) {
        Promise<Void> acked = Promise.promise();
        byte[] value = (RawInserts.eventJson(id, position) + "|" + position + "|" + amount)
                .getBytes(StandardCharsets.UTF_8);
        sent.incrementAndGet();
        producer.send(new ProducerRecord<>(TOPIC, id, value), (metadata, e) -> {
            if (e == null) {
                produced.incrementAndGet();
                acked.complete();
            } else {
                acked.fail(e);
            }
            settled.incrementAndGet();
        });
        return acked.future();
    }

    private Future<Void> read(int view, String id) {
        return http.get("/views/" + view + "/" + id)
                .compose(answer -> asynchronous.preparedQuery(READ).execute(Tuple.of(view, id)))
                .mapEmpty();
    }

    /** One "view": each poll's records stored with their offsets in one asynchronously committed statement. */
    private void consume(String bootstrap, int view) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-floor-view-" + view + "-" + runId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1024 * 1024);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            while (!stopping) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                int n = records.count();
                String[] keys = new String[n];
                Long[] amounts = new Long[n];
                Long[] positions = new Long[n];
                Map<Integer, Long> next = new HashMap<>();
                int i = 0;
                for (ConsumerRecord<String, byte[]> r : records) {
                    String[] parts = new String(r.value(), StandardCharsets.UTF_8).split("\\|");
                    keys[i] = r.key();
                    positions[i] = Long.parseLong(parts[1]);
                    amounts[i] = Long.parseLong(parts[2]);
                    next.merge(r.partition(), r.offset() + 1, Math::max);
                    i++;
                }
                try {
                    WriteBenchmark.await(asynchronous.preparedQuery(APPLY).execute(Tuple.of(view, keys, amounts,
                            positions, next.keySet().toArray(Integer[]::new), next.values().toArray(Long[]::new))));
                    applied.addAndGet(view, n);
                } catch (Exception e) {
                    asyncFailures.incrementAndGet();
                    LiveBenchmark.log("floor view " + view + " could not store a batch: " + e);
                }
            }
        }
    }

    /** Every record sent so far is acknowledged (or failed) and stored by every consumer. */
    void awaitApplied() throws InterruptedException {
        long deadline = System.nanoTime() + APPLIED_TIMEOUT.toNanos();
        while (settled.get() < sent.get()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException((sent.get() - settled.get())
                        + " floor records still unacknowledged after " + APPLIED_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(10);
        }
        for (int view = 0; view < VIEWS; view++) {
            while (applied.get(view) < produced.get()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("floor view " + view + " stored " + applied.get(view) + " of "
                            + produced.get() + " records in " + APPLIED_TIMEOUT.toSeconds() + " s");
                }
                Thread.sleep(10);
            }
        }
    }

    private void awaitServer() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                WriteBenchmark.await(http.get("/ready"));
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline || !server.isAlive()) {
                    throw new IllegalStateException("the raw HTTP server did not answer", e);
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public void close() {
        stopping = true;
        for (Thread consumer : consumers) {
            try {
                consumer.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(Duration.ofSeconds(5));
        http.close();
        durable.close();
        asynchronous.close();
        server.destroy();
        try {
            server.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
