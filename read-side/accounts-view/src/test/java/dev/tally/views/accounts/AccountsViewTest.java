package dev.tally.views.accounts;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.access.TestTokens;
import dev.tally.engines.testing.RealEngines;
import dev.tally.events.AccountClosed;
import dev.tally.events.AccountFrozen;
import dev.tally.events.AccountOpened;
import dev.tally.events.AccountUnfrozen;
import dev.tally.envelope.EventEnvelope;
import dev.tally.events.MoneyDeposited;
import dev.tally.events.MoneyWithdrawn;
import dev.tally.events.TransferReceived;
import dev.tally.events.TransferSent;
import dev.tally.projection.ReadYourWrites;
import dev.tally.platform.security.Roles;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The accounts view end to end on the real engines: CloudEvents records on the ledger topic in, REST and
 * server-sent events out. Expected values are worked out by hand from the events written in {@link #seedOnce()}.
 */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
@ExtendWith(TestTokens.AdminByDefault.class)
class AccountsViewTest {

    private static final Duration CATCH_UP = Duration.ofSeconds(60);
    private static final String A = UUID.randomUUID().toString();
    private static final String B = UUID.randomUUID().toString();
    private static final String C = UUID.randomUUID().toString();
    private static final String OWNER_1 = "owner-" + UUID.randomUUID();
    private static final String OWNER_2 = "owner-" + UUID.randomUUID();

    private static boolean seeded;
    private static long aLastPosition;

    @Inject
    ReadYourWrites readYourWrites;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "tally.projection.topic")
    String topic;

    @TestHTTPResource("/")
    URI base;

    private LedgerLog log() {
        return LedgerLog.shared(bootstrapServers, topic, readYourWrites.frontier());
    }

    @BeforeEach
    void seedOnce() {
        if (seeded) {
            return;
        }
        LedgerLog log = log();
        List<EventEnvelope> events = new ArrayList<>();
        events.add(log.append(new AccountOpened(A, OWNER_1, "EUR", 1_000)));           // A v1
        events.add(log.append(new MoneyDeposited(A, 10_000, "EUR", "salary")));        // A v2: 10000
        events.add(log.append(new AccountOpened(B, OWNER_1, "EUR", 0)));               // B v1
        events.add(log.append(new MoneyWithdrawn(A, 2_500, "EUR", "rent")));           // A v3: 7500
        events.add(log.append(new TransferSent(A, "t-1", B, 3_000, "EUR", "share")));  // A v4: 4500
        events.add(log.append(new TransferReceived(B, "t-1", A, 3_000, "EUR", "share"))); // B v2: 3000
        events.add(log.append(new AccountFrozen(A, "check")));                         // A v5
        events.add(log.append(new MoneyDeposited(A, 500, "EUR", "refund")));           // A v6: 5000 (credits land)
        events.add(log.append(new AccountUnfrozen(A, "cleared")));                     // A v7
        events.add(log.append(new MoneyWithdrawn(A, 5_800, "EUR", "car")));            // A v8: -800, in overdraft
        aLastPosition = events.get(events.size() - 1).position();
        events.add(log.append(new AccountOpened(C, OWNER_2, "USD", 0)));               // C v1
        events.add(log.append(new MoneyDeposited(C, 100, "USD", "in")));               // C v2: 100
        events.add(log.append(new MoneyWithdrawn(C, 100, "USD", "out")));              // C v3: 0
        events.add(log.append(new AccountClosed(C)));                                  // C v4
        awaitFrontier(log.lastPosition());
        seeded = true;
    }

    @Test
    void anAccountIsTheFoldOfItsEvents() {
        given().get("/accounts/{id}", A).then()
                .statusCode(200)
                .contentType("application/json")
                .body("accountId", equalTo(A))
                .body("ownerId", equalTo(OWNER_1))
                .body("currency", equalTo("EUR"))
                .body("balance", equalTo(-800))
                .body("overdraftLimit", equalTo(1_000))
                .body("status", equalTo("OPEN"))
                .body("version", equalTo(8));
        String updatedAt = given().get("/accounts/{id}", A).then().extract().path("updatedAt");
        assertEquals(LedgerLog.EPOCH.plusSeconds(aLastPosition), Instant.parse(updatedAt));

        given().get("/accounts/{id}", B).then()
                .statusCode(200).body("balance", equalTo(3_000)).body("version", equalTo(2))
                .body("status", equalTo("OPEN"));
        given().get("/accounts/{id}", C).then()
                .statusCode(200).body("balance", equalTo(0)).body("version", equalTo(4))
                .body("status", equalTo("CLOSED")).body("currency", equalTo("USD"));
    }

    @Test
    void theStatementListsMoneyMovementsNewestFirstWithTheBalanceAfterEach() {
        Response page = given().get("/accounts/{id}/statement", A);
        page.then().statusCode(200)
                .body("accountId", equalTo(A))
                .body("page", equalTo(0))
                .body("size", equalTo(50))
                .body("totalEntries", equalTo(5))
                .body("entries.version", contains(8, 6, 4, 3, 2))
                .body("entries.kind", contains("WITHDRAWAL", "DEPOSIT", "TRANSFER_OUT", "WITHDRAWAL", "DEPOSIT"))
                .body("entries.amount", contains(-5_800, 500, -3_000, -2_500, 10_000))
                .body("entries.balanceAfter", contains(-800, 5_000, 4_500, 7_500, 10_000))
                .body("entries.reference", contains("car", "refund", "share", "rent", "salary"))
                .body("entries[2].counterpartyAccountId", equalTo(B))
                .body("entries[2].transferId", equalTo("t-1"))
                .body("entries[0].transferId", equalTo(null))
                .body("entries[0].position", equalTo((int) aLastPosition));
        assertEquals(LedgerLog.EPOCH.plusSeconds(aLastPosition), Instant.parse(page.path("entries[0].time")));

        given().get("/accounts/{id}/statement", B).then().statusCode(200)
                .body("totalEntries", equalTo(1))
                .body("entries[0].kind", equalTo("TRANSFER_IN"))
                .body("entries[0].amount", equalTo(3_000))
                .body("entries[0].counterpartyAccountId", equalTo(A))
                .body("entries[0].transferId", equalTo("t-1"));
    }

    @Test
    void statementPagesSplitTheLinesInOrder() {
        given().queryParam("size", 2).get("/accounts/{id}/statement", A).then().statusCode(200)
                .body("totalEntries", equalTo(5)).body("size", equalTo(2)).body("entries.version", contains(8, 6));
        given().queryParam("size", 2).queryParam("page", 1).get("/accounts/{id}/statement", A).then()
                .statusCode(200).body("page", equalTo(1)).body("entries.version", contains(4, 3));
        given().queryParam("size", 2).queryParam("page", 2).get("/accounts/{id}/statement", A).then()
                .statusCode(200).body("entries.version", contains(2));
        given().queryParam("size", 2).queryParam("page", 3).get("/accounts/{id}/statement", A).then()
                .statusCode(200).body("totalEntries", equalTo(5)).body("entries", empty());
        given().queryParam("size", 200).get("/accounts/{id}/statement", C).then()
                .statusCode(200).body("entries.balanceAfter", contains(0, 100));
    }

    @Test
    void anOwnerSeesTheirAccountsOldestFirst() {
        given().get("/owners/{owner}/accounts", OWNER_1).then().statusCode(200)
                .body("accountId", contains(A, B))
                .body("balance", contains(-800, 3_000));
        given().get("/owners/{owner}/accounts", OWNER_2).then().statusCode(200)
                .body("accountId", contains(C)).body("status", contains("CLOSED"));
        given().get("/owners/{owner}/accounts", "nobody-" + UUID.randomUUID()).then().statusCode(200)
                .body("$", hasSize(0));
    }

    @Test
    void redeliveredEventsChangeNothing() {
        String f = UUID.randomUUID().toString();
        String g = UUID.randomUUID().toString();
        String owner = "owner-" + UUID.randomUUID();
        LedgerLog log = log();
        List<EventEnvelope> first = List.of(
                log.append(new AccountOpened(f, owner, "EUR", 0)),                        // F v1
                log.append(new AccountOpened(g, owner, "EUR", 0)),                        // G v1
                log.append(new MoneyDeposited(f, 900, "EUR", "in")),                      // F v2: 900
                log.append(new TransferSent(f, "t-2", g, 400, "EUR", "half")),            // F v3: 500
                log.append(new TransferReceived(g, "t-2", f, 400, "EUR", "half")));       // G v2: 400
        awaitFrontier(log.lastPosition());

        log.resend(first);
        // Markers on the same keys come after the redeliveries in their partition, so once the view has them it
        // has consumed the redeliveries too.
        log.append(new MoneyDeposited(f, 1, "EUR", "marker"));                            // F v4: 501
        awaitFrontier(log.append(new MoneyDeposited(g, 7, "EUR", "marker")).position());  // G v3: 407

        given().get("/accounts/{id}", f).then().body("balance", equalTo(501)).body("version", equalTo(4));
        given().get("/accounts/{id}/statement", f).then().body("totalEntries", equalTo(3))
                .body("entries.balanceAfter", contains(501, 500, 900));
        given().get("/accounts/{id}", g).then().body("balance", equalTo(407)).body("version", equalTo(3));
        given().get("/accounts/{id}/statement", g).then().body("totalEntries", equalTo(2))
                .body("entries.balanceAfter", contains(407, 400));
        given().get("/owners/{owner}/accounts", owner).then().body("accountId", contains(f, g));
    }

    @Test
    void theLiveStreamSendsTheCurrentStateThenEachChange() throws Exception {
        String d = UUID.randomUUID().toString();
        LedgerLog log = log();
        log.append(new AccountOpened(d, "owner-" + UUID.randomUUID(), "EUR", 0));
        awaitFrontier(log.append(new MoneyDeposited(d, 2_000, "EUR", "first")).position());

        try (ServerSentEvents events = ServerSentEvents.open(base.resolve("accounts/" + d + "/live"))) {
            assertEquals(200, events.status());
            assertTrue(events.contentType().startsWith("text/event-stream"), events.contentType());
            JsonObject first = events.next();
            assertEquals(d, first.getString("accountId"));
            assertEquals(2_000L, first.getLong("balance"));
            assertEquals(2L, first.getLong("version"));

            log.append(new MoneyWithdrawn(d, 600, "EUR", "second"));
            JsonObject second = events.next();
            assertEquals(1_400L, second.getLong("balance"));
            assertEquals(3L, second.getLong("version"));

            log.append(new AccountFrozen(d, "hold"));
            JsonObject third = events.next();
            assertEquals("FROZEN", third.getString("status"));
            assertEquals(4L, third.getLong("version"));
            assertEquals(1_400L, third.getLong("balance"));
        }
    }

    @Test
    void minPositionWaitsUntilTheViewHasTheWrite() throws Exception {
        String e = UUID.randomUUID().toString();
        LedgerLog log = log();
        String owner = "owner-" + UUID.randomUUID();
        awaitFrontier(log.append(new AccountOpened(e, owner, "EUR", 0)).position());
        long next = log.lastPosition() + 1;

        // Asked before the deposit exists: the answer must wait for it rather than show the old balance.
        CompletableFuture<Response> answer = CompletableFuture.supplyAsync(
                () -> given().queryParam("minPosition", next).get("/accounts/{id}", e));
        Thread.sleep(300);
        assertFalse(answer.isDone(), "answered before the write it was asked to wait for existed");
        assertEquals(next, log.append(new MoneyDeposited(e, 4_200, "EUR", "wait for me")).position());

        Response response = answer.get(20, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        assertEquals(4_200, (int) response.path("balance"));
        assertEquals(2, (int) response.path("version"));

        given().queryParam("minPosition", next).get("/accounts/{id}/statement", e).then().statusCode(200)
                .body("entries.balanceAfter", contains(4_200));
        given().queryParam("minPosition", next).get("/owners/{owner}/accounts", owner).then().statusCode(200)
                .body("accountId", contains(e)).body("balance", contains(4_200));
        given().queryParam("minPosition", 0).get("/accounts/{id}", e).then().statusCode(200);
    }

    @Test
    void aPositionTheViewDoesNotReachInTimeIs503() throws Exception {
        long beyond = log().lastPosition() + 1_000_000;
        given().queryParam("minPosition", beyond).get("/accounts/{id}", A).then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("status", equalTo(503));
        // The live stream waits before it starts, so it can still answer with the problem.
        try (ServerSentEvents events = ServerSentEvents.open(
                base.resolve("accounts/" + A + "/live?minPosition=" + beyond))) {
            assertEquals(503, events.status());
            assertTrue(events.contentType().startsWith("application/problem+json"), events.contentType());
        }
    }

    @Test
    void aRebuildServesTheSameViewAndQueriesAnswerMeanwhile() {
        List<String> paths = List.of("/accounts/" + A, "/accounts/" + A + "/statement?size=200", "/accounts/" + B,
                "/accounts/" + B + "/statement", "/accounts/" + C, "/owners/" + OWNER_1 + "/accounts",
                "/owners/" + OWNER_2 + "/accounts");
        List<String> before = paths.stream().map(path -> given().get(path).then().statusCode(200)
                .extract().asString()).toList();
        int generation = given().post("/projection/rebuild").then().statusCode(202).extract().path("generation");

        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while ((int) given().get("/projection").then().statusCode(200).extract().path("activeGeneration") != generation) {
            assertTrue(System.nanoTime() < deadline, "the rebuild did not switch over within " + CATCH_UP);
            // The old generation keeps serving, unchanged, while the new one is folded.
            assertEquals(before.get(0), given().get(paths.get(0)).then().statusCode(200).extract().asString());
        }

        List<String> after = paths.stream().map(path -> given().get(path).then().statusCode(200)
                .extract().asString()).toList();
        assertEquals(before, after);
    }

    @Test
    void anUnknownAccountIs404Problem() throws Exception {
        String unknown = UUID.randomUUID().toString();
        given().get("/accounts/{id}", unknown).then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("code", equalTo("account-not-found"))
                .body("detail", notNullValue());
        given().get("/accounts/{id}/statement", unknown).then()
                .statusCode(404).contentType("application/problem+json").body("code", equalTo("account-not-found"));
        try (ServerSentEvents events = ServerSentEvents.open(base.resolve("accounts/" + unknown + "/live"))) {
            assertEquals(404, events.status());
            assertTrue(events.contentType().startsWith("application/problem+json"), events.contentType());
        }
    }

    @Test
    void malformedParametersAre400Problems() {
        expect400(given().get("/accounts/{id}", "not-a-uuid"), "invalid-account-id");
        expect400(given().get("/accounts/{id}/statement", "12345"), "invalid-account-id");
        expect400(given().get("/accounts/{id}/live", "x"), "invalid-account-id");
        expect400(given().queryParam("size", 0).get("/accounts/{id}/statement", A), "invalid-size");
        expect400(given().queryParam("size", 201).get("/accounts/{id}/statement", A), "invalid-size");
        expect400(given().queryParam("page", -1).get("/accounts/{id}/statement", A), "invalid-page");
        expect400(given().queryParam("page", "two").get("/accounts/{id}/statement", A), "invalid-page");
        expect400(given().queryParam("minPosition", "abc").get("/accounts/{id}", A), "invalid-min-position");
        expect400(given().queryParam("minPosition", -5).get("/owners/{owner}/accounts", OWNER_1),
                "invalid-min-position");
        expect400(given().get("/owners/{owner}/accounts", "o".repeat(129)), "invalid-owner-id");
    }

    private static void expect400(Response response, String code) {
        response.then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("code", equalTo(code))
                .body("detail", notNullValue());
    }

    private void awaitFrontier(long position) {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (readYourWrites.frontier() < position) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the view reached position " + readYourWrites.frontier() + ", not " + position
                        + ", within " + CATCH_UP);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A minimal server-sent events client: the JSON of each {@code data:} line, in order. */
    static final class ServerSentEvents implements AutoCloseable {
        private final HttpResponse<InputStream> response;
        private final BlockingQueue<String> data = new LinkedBlockingQueue<>();

        private ServerSentEvents(HttpResponse<InputStream> response) {
            this.response = response;
            Thread reader = new Thread(this::read, "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static ServerSentEvents open(URI uri) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + TestTokens.token(Roles.ADMIN, "test-admin")).GET().build();
            return new ServerSentEvents(HttpClient.newHttpClient()
                    .sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                    .get(20, TimeUnit.SECONDS));
        }

        int status() {
            return response.statusCode();
        }

        String contentType() {
            return response.headers().firstValue("Content-Type").orElse("");
        }

        JsonObject next() throws InterruptedException {
            String json = data.poll(20, TimeUnit.SECONDS);
            assertNotNull(json, "no server-sent event within 20 s");
            return new JsonObject(json);
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("data:")) {
                        data.add(line.substring("data:".length()).trim());
                    }
                }
            } catch (java.io.IOException closed) {
                // the test closed the stream
            }
        }

        @Override
        public void close() throws Exception {
            response.body().close();
        }
    }
}
