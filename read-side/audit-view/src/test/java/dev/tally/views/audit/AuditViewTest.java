package dev.tally.views.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tally.access.TestTokens;
import dev.tally.engines.testing.RealEngines;
import dev.tally.events.AccountFrozen;
import dev.tally.events.AccountOpened;
import dev.tally.envelope.EventEnvelope;
import dev.tally.events.LedgerEvent;
import dev.tally.events.MoneyDeposited;
import dev.tally.events.MoneyWithdrawn;
import dev.tally.events.TransferReceived;
import dev.tally.events.TransferSent;
import dev.tally.projection.ReadYourWrites;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.common.annotation.Identifier;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The audit view on real Kafka and PostgreSQL: CloudEvents records with dense positions go onto the ledger topic, the
 * projection runtime folds them, and the REST API answers. Expected values are worked out by hand from the scenario
 * below (default thresholds: 1,000,000 minor units; more than 5 debits within 10 minutes).
 */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = LedgerTopic.class, scope = TestResourceScope.GLOBAL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(TestTokens.AdminByDefault.class)
class AuditViewTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PROBLEM = "application/problem+json";

    private static LedgerLog log;
    private static String a;
    private static String b;
    private static long first;

    /** The scenario's journal, by hand: account, version, type, signed amount, balance after, minute after T0. */
    private record Expected(String account, long version, String type, long amount, long balanceAfter, int minute) {
    }

    private static List<Expected> expected;

    @Inject
    ReadYourWrites readYourWrites;

    @Inject
    Pool pool;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @ConfigProperty(name = "tally.projection.topic")
    String topic;

    @ConfigProperty(name = "tally.projection.view")
    String view;

    @BeforeEach
    void scenario() {
        if (log != null) {
            return;
        }
        log = new LedgerLog(kafkaConfig, topic);
        awaitFrontier(log.lastPosition());
        a = UUID.randomUUID().toString();
        b = UUID.randomUUID().toString();
        List<EventEnvelope> events = List.of(
                at(0, new AccountOpened(a, "owner-a", "EUR", 0)),
                at(1, new AccountOpened(b, "owner-b", "EUR", 0)),
                at(2, new MoneyDeposited(a, 50_000, "EUR", "salary")),
                at(3, new MoneyDeposited(a, 1_200_000, "EUR", "inheritance")),          // large
                at(10, new MoneyWithdrawn(a, 1_000, "EUR", "cash 1")),                 // debit 1
                at(11, new TransferSent(a, "t1", b, 2_000, "EUR", "to b")),            // debit 2
                at(11, new TransferReceived(b, "t1", a, 2_000, "EUR", "from a")),
                at(12, new MoneyWithdrawn(a, 1_000, "EUR", "cash 3")),                 // debit 3
                at(13, new MoneyWithdrawn(a, 1_000, "EUR", "cash 4")),                 // debit 4
                at(14, new MoneyWithdrawn(a, 1_000, "EUR", "cash 5")),                 // debit 5
                at(15, new MoneyWithdrawn(a, 1_000, "EUR", "cash 6")),                 // debit 6: burst
                at(16, new MoneyWithdrawn(a, 1_000, "EUR", "cash 7")),                 // same burst
                at(20, new MoneyDeposited(b, 999_999, "EUR", "just under")),
                at(21, new TransferSent(b, "t2", a, 1_000_000, "EUR", "to a")),       // large
                at(21, new TransferReceived(a, "t2", b, 1_000_000, "EUR", "from b")), // large
                at(30, new AccountFrozen(a, "review")));
        expected = List.of(
                new Expected(a, 1, "AccountOpened", 0, 0, 0),
                new Expected(b, 1, "AccountOpened", 0, 0, 1),
                new Expected(a, 2, "MoneyDeposited", 50_000, 50_000, 2),
                new Expected(a, 3, "MoneyDeposited", 1_200_000, 1_250_000, 3),
                new Expected(a, 4, "MoneyWithdrawn", -1_000, 1_249_000, 10),
                new Expected(a, 5, "TransferSent", -2_000, 1_247_000, 11),
                new Expected(b, 2, "TransferReceived", 2_000, 2_000, 11),
                new Expected(a, 6, "MoneyWithdrawn", -1_000, 1_246_000, 12),
                new Expected(a, 7, "MoneyWithdrawn", -1_000, 1_245_000, 13),
                new Expected(a, 8, "MoneyWithdrawn", -1_000, 1_244_000, 14),
                new Expected(a, 9, "MoneyWithdrawn", -1_000, 1_243_000, 15),
                new Expected(a, 10, "MoneyWithdrawn", -1_000, 1_242_000, 16),
                new Expected(b, 3, "MoneyDeposited", 999_999, 1_001_999, 20),
                new Expected(b, 4, "TransferSent", -1_000_000, 1_999, 21),
                new Expected(a, 11, "TransferReceived", 1_000_000, 2_242_000, 21),
                new Expected(a, 12, "AccountFrozen", 0, 2_242_000, 30));
        first = events.get(0).position();
        log.send(events);
        awaitFrontier(events.get(events.size() - 1).position());
    }

    @AfterAll
    static void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    @Test
    @Order(1)
    void journalListsEveryEventInPositionOrderPageByPage() {
        List<Map<String, Object>> seen = new ArrayList<>();
        long after = first - 1;
        while (seen.size() < expected.size()) {
            JsonPath page = given().queryParam("after", after).queryParam("limit", 5)
                    .get("/journal").then().statusCode(200).contentType("application/json").extract().jsonPath();
            List<Map<String, Object>> events = page.getList("events");
            assertEquals(Math.min(5, expected.size() - seen.size()), events.size(), "pages of 5 after " + after);
            assertEquals(((Number) events.get(events.size() - 1).get("position")).longValue(), page.getLong("nextAfter"));
            seen.addAll(events);
            after = page.getLong("nextAfter");
        }
        for (int i = 0; i < expected.size(); i++) {
            Expected want = expected.get(i);
            Map<String, Object> got = seen.get(i);
            String where = "journal entry " + i + ": " + got;
            assertEquals(first + i, ((Number) got.get("position")).longValue(), where);
            assertEquals(want.account(), got.get("streamId"), where);
            assertEquals(want.version(), ((Number) got.get("streamVersion")).longValue(), where);
            assertEquals(want.type(), got.get("type"), where);
            assertEquals(want.amount(), ((Number) got.get("amount")).longValue(), where);
            assertEquals(want.balanceAfter(), ((Number) got.get("balanceAfter")).longValue(), where);
            assertEquals("EUR", got.get("currency"), where);
            assertEquals(T0.plusSeconds(want.minute() * 60L), Instant.parse((String) got.get("time")), where);
            assertEquals("corr-" + (first + i), got.get("correlationId"), where);
            assertEquals("cause-" + (first + i), got.get("causationId"), where);
            assertEquals("auditor-test", got.get("actor"), where);
            assertEquals(want.account(), ((Map<?, ?>) got.get("data")).get("accountId"), where);
        }
        // the payload is served as JSON, as written
        Map<?, ?> largeDeposit = (Map<?, ?>) seen.get(3).get("data");
        assertEquals(1_200_000, ((Number) largeDeposit.get("amount")).intValue());
        assertEquals("inheritance", largeDeposit.get("reference"));
    }

    @Test
    @Order(2)
    void journalIsDenseUpToTheFrontierAndNothingBeyondIt() {
        long frontier = readYourWrites.frontier();
        List<Long> positions = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonPath page = given().queryParam("after", after).queryParam("limit", 1000)
                    .get("/journal").then().statusCode(200).extract().jsonPath();
            positions.addAll(page.getList("events.position", Long.class));
            assertTrue(page.getLong("frontier") >= frontier);
            if (page.getLong("nextAfter") == after) {
                break;
            }
            after = page.getLong("nextAfter");
        }
        long last = positions.get(positions.size() - 1);
        assertEquals(LongStream.rangeClosed(1, last).boxed().toList(), positions, "every position once, ascending");
        assertTrue(last >= frontier);

        long now = readYourWrites.frontier();
        JsonPath atFrontier = given().queryParam("after", now).get("/journal").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(), atFrontier.getList("events"));
        assertEquals(now, atFrontier.getLong("nextAfter"));
        JsonPath beyond = given().queryParam("after", now + 100).get("/journal").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(), beyond.getList("events"));
        assertEquals(now + 100, beyond.getLong("nextAfter"), "paging never goes backwards");
    }

    @Test
    @Order(3)
    void flagsForLargeAmountsAndOneRapidBurst() {
        JsonPath forA = given().queryParam("account", a).get("/flags").then().statusCode(200).extract().jsonPath();
        assertEquals(3, forA.getLong("total"));
        assertEquals(List.of(first + 3, first + 10, first + 14), forA.getList("items.position", Long.class));
        assertEquals(List.of("LARGE_AMOUNT", "RAPID_BURST", "LARGE_AMOUNT"), forA.getList("items.kind"));
        assertEquals(List.of(a, a, a), forA.getList("items.accountId"));
        assertEquals(T0.plusSeconds(15 * 60), Instant.parse(forA.getString("items[1].time")));
        assertTrue(forA.getString("items[1].detail").startsWith("6 debits within 10 min"), forA.getString("items[1].detail"));
        assertTrue(forA.getString("items[0].detail").contains("1200000 EUR"), forA.getString("items[0].detail"));

        JsonPath forB = given().queryParam("account", b).get("/flags").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(first + 13), forB.getList("items.position", Long.class), "999,999 is below the threshold");
        assertEquals(List.of("LARGE_AMOUNT"), forB.getList("items.kind"));

        JsonPath bursts = given().queryParam("account", a).queryParam("kind", "RAPID_BURST").get("/flags")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(first + 10), bursts.getList("items.position", Long.class));

        JsonPath secondPage = given().queryParam("account", a).queryParam("size", 2).queryParam("page", 1).get("/flags")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(first + 14), secondPage.getList("items.position", Long.class));
        assertEquals(3, secondPage.getLong("total"));
        assertEquals(1, secondPage.getInt("page"));
        assertEquals(2, secondPage.getInt("size"));

        JsonPath allLarge = given().queryParam("kind", "LARGE_AMOUNT").queryParam("size", 500).get("/flags")
                .then().statusCode(200).extract().jsonPath();
        List<Long> largePositions = allLarge.getList("items.position", Long.class);
        assertTrue(largePositions.containsAll(List.of(first + 3, first + 13, first + 14)), largePositions.toString());
        assertEquals(largePositions.stream().sorted().toList(), largePositions, "ascending by position");
    }

    @Test
    @Order(4)
    void balanceAsOfTimesBetweenEvents() {
        assertBalance(a, "2026-03-02T09:00:00Z", 0, 1, first);                   // exactly at the opening
        assertBalance(a, "2026-03-02T09:02:30Z", 50_000, 2, first + 2);
        assertBalance(a, "2026-03-02T10:02:30+01:00", 50_000, 2, first + 2);     // same instant, other offset
        assertBalance(a, "2026-03-02T09:09:59.999999Z", 1_250_000, 3, first + 3);
        assertBalance(a, "2026-03-02T09:11:00Z", 1_247_000, 5, first + 5);       // exactly at the transfer
        assertBalance(a, "2026-03-02T09:16:59Z", 1_242_000, 10, first + 11);
        assertBalance(a, "2026-03-02T09:45:00Z", 2_242_000, 12, first + 15);
        assertBalance(b, "2026-03-02T09:11:30Z", 2_000, 2, first + 6);
        assertBalance(b, "2026-03-02T09:21:00Z", 1_999, 4, first + 13);

        given().queryParam("asOf", "2026-03-02T08:59:59.999999Z").get("/accounts/{id}/balance", a)
                .then().statusCode(404).contentType(PROBLEM).body("status", equalTo(404))
                .body("code", equalTo("account-not-found"));
        given().queryParam("asOf", "2026-03-02T09:00:30Z").get("/accounts/{id}/balance", b)
                .then().statusCode(404).contentType(PROBLEM);
        given().get("/accounts/{id}/balance", UUID.randomUUID().toString()).then().statusCode(404).contentType(PROBLEM);
        // no asOf: now
        given().get("/accounts/{id}/balance", a.toUpperCase()).then().statusCode(200)
                .body("accountId", equalTo(a)).body("balance", equalTo(2_242_000)).body("currency", equalTo("EUR"));
    }

    @Test
    @Order(5)
    void badParametersAreProblems() {
        assertProblem(given().queryParam("limit", 0).get("/journal"), 400, "invalid-limit");
        assertProblem(given().queryParam("limit", 1001).get("/journal"), 400, "invalid-limit");
        assertProblem(given().queryParam("limit", "ten").get("/journal"), 400, "invalid-limit");
        assertProblem(given().queryParam("after", -1).get("/journal"), 400, "invalid-after");
        assertProblem(given().queryParam("minPosition", "x").get("/journal"), 400, "invalid-min-position");
        assertProblem(given().queryParam("kind", "HUGE").get("/flags"), 400, "invalid-kind");
        assertProblem(given().queryParam("account", "42").get("/flags"), 400, "invalid-account-id");
        assertProblem(given().queryParam("size", 501).get("/flags"), 400, "invalid-size");
        assertProblem(given().queryParam("page", -1).get("/flags"), 400, "invalid-page");
        assertProblem(given().get("/accounts/{id}/balance", "not-a-uuid"), 400, "invalid-account-id");
        assertProblem(given().queryParam("asOf", "yesterday").get("/accounts/{id}/balance", a), 400, "invalid-as-of");
        assertProblem(given().queryParam("asOf", "2026-03-02T09:00:00").get("/accounts/{id}/balance", a), 400, "invalid-as-of");
        given().get("/no-such-thing").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    @Order(6)
    void minPositionWaitsForTheWriteOrAnswers503() {
        EventEnvelope deposit = log.next(new MoneyDeposited(a, 700, "EUR", "read your writes"), T0.plusSeconds(40 * 60));
        log.send(List.of(deposit));
        // no polling: the query itself waits until the view has the write
        given().queryParam("minPosition", deposit.position()).get("/accounts/{id}/balance", a)
                .then().statusCode(200).body("balance", equalTo(2_242_700)).body("version", equalTo(13))
                .body("position", equalTo((int) deposit.position()));

        long unreachable = readYourWrites.frontier() + 1_000_000;
        given().queryParam("minPosition", unreachable).get("/journal")
                .then().statusCode(503).contentType(PROBLEM).header("Retry-After", notNullValue())
                .body("status", equalTo(503));
        given().queryParam("minPosition", unreachable).get("/flags").then().statusCode(503);
    }

    @Test
    @Order(7)
    void aBurstSpreadOverSeveralBatchesIsFlaggedOnce() {
        String e = UUID.randomUUID().toString();
        EventEnvelope open = log.next(new AccountOpened(e, "owner-e", "EUR", 0), T0.plusSeconds(60 * 60));
        EventEnvelope deposit = log.next(new MoneyDeposited(e, 100_000, "EUR", "funds"), T0.plusSeconds(60 * 60));
        log.send(List.of(open, deposit));
        long last = 0;
        // each debit committed on its own (awaited), so the window travels through the stored account state
        for (int i = 1; i <= 8; i++) {
            EventEnvelope debit = log.next(new MoneyWithdrawn(e, 100, "EUR", "debit " + i), T0.plusSeconds(60 * 60 + i * 60L));
            log.send(List.of(debit));
            awaitFrontier(debit.position());
            if (i == 6) {
                last = debit.position();
            }
        }
        JsonPath flags = given().queryParam("account", e).get("/flags").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(last), flags.getList("items.position", Long.class), "one flag, on the sixth debit");
        assertEquals(List.of("RAPID_BURST"), flags.getList("items.kind"));
        given().get("/accounts/{id}/balance", e).then().statusCode(200).body("balance", equalTo(99_200)).body("version", equalTo(10));
    }

    @Test
    @Order(8)
    void nothingBeyondTheFrontierIsShownEvenWhenAlreadyApplied() {
        String c = UUID.randomUUID().toString();
        String d = UUID.randomUUID().toString();
        while (log.partitions() > 1 && partitionOf(d) == partitionOf(c)) {
            d = UUID.randomUUID().toString();
        }
        EventEnvelope openC = log.next(new AccountOpened(c, "owner-c", "EUR", 0), T0.plusSeconds(50 * 60));
        EventEnvelope openD = log.next(new AccountOpened(d, "owner-d", "EUR", 0), T0.plusSeconds(50 * 60));
        log.send(List.of(openC, openD));
        awaitFrontier(openD.position());
        EventEnvelope depositC = log.next(new MoneyDeposited(c, 10, "EUR", "late partition"), T0.plusSeconds(51 * 60));
        EventEnvelope depositD = log.next(new MoneyDeposited(d, 5_000_000, "EUR", "early"), T0.plusSeconds(51 * 60));

        log.send(List.of(depositD)); // position p+2 arrives, p+1 does not yet
        awaitRowInJournal(depositD.position());

        assertEquals(openD.position(), readYourWrites.frontier(), "the hole keeps the frontier back");
        JsonPath page = given().queryParam("after", openC.position() - 1).get("/journal")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(openC.position(), openD.position()), page.getList("events.position", Long.class));
        assertEquals(openD.position(), page.getLong("nextAfter"));
        assertEquals(openD.position(), page.getLong("frontier"));
        given().get("/accounts/{id}/balance", d).then().statusCode(200).body("balance", equalTo(0)).body("version", equalTo(1));
        given().queryParam("account", d).get("/flags").then().statusCode(200).body("total", equalTo(0));

        log.send(List.of(depositC)); // the hole is filled
        awaitFrontier(depositD.position());
        JsonPath filled = given().queryParam("after", openD.position()).get("/journal")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(depositC.position(), depositD.position()), filled.getList("events.position", Long.class));
        given().get("/accounts/{id}/balance", d).then().statusCode(200).body("balance", equalTo(5_000_000));
        given().queryParam("account", d).get("/flags").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].kind", equalTo("LARGE_AMOUNT"));
    }

    @Test
    @Order(9)
    void redeliveredEventsChangeNothing() {
        long before = readYourWrites.frontier();
        List<Map<String, Object>> journalBefore = journalUpTo(before);
        List<Map<String, Object>> flagsBefore = given().queryParam("size", 500).get("/flags")
                .then().statusCode(200).extract().jsonPath().getList("items");
        String balanceBefore = given().queryParam("asOf", "2026-03-02T09:12:30Z").get("/accounts/{id}/balance", a)
                .then().statusCode(200).extract().asString();

        long redeliveredBefore = given().get("/projection").then().statusCode(200).extract().jsonPath().getLong("redelivered");
        List<EventEnvelope> everything = log.written();
        log.send(everything); // every event of this test class, a second time
        Set<String> accounts = new LinkedHashSet<>();
        everything.forEach(e -> accounts.add(e.streamId()));
        // then one more deposit per account: each lands behind its account's duplicates on the same partition
        List<EventEnvelope> markers = new ArrayList<>();
        for (String account : accounts) {
            markers.add(log.next(new MoneyDeposited(account, 1, "EUR", "after redelivery"), T0.plusSeconds(3600)));
        }
        long balanceOfA = currentBalance(a);
        log.send(markers);
        awaitFrontier(markers.get(markers.size() - 1).position());

        assertEquals(journalBefore, journalUpTo(before), "journal up to the old frontier unchanged");
        assertEquals(flagsBefore, given().queryParam("size", 500).get("/flags").then().statusCode(200)
                .extract().jsonPath().getList("items"), "no flag added or changed");
        assertEquals(balanceBefore, given().queryParam("asOf", "2026-03-02T09:12:30Z").get("/accounts/{id}/balance", a)
                .then().statusCode(200).extract().asString());
        JsonPath after = given().queryParam("after", before).queryParam("limit", 1000).get("/journal")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(markers.stream().map(EventEnvelope::position).toList(), after.getList("events.position", Long.class),
                "only the new events were added");
        assertEquals(balanceOfA + 1, currentBalance(a), "the account state continued from one fold, not two");
        long redelivered = given().get("/projection").then().statusCode(200).extract().jsonPath().getLong("redelivered");
        assertEquals(redeliveredBefore + everything.size(), redelivered, "the runtime saw every duplicate and dropped it");
    }

    @Test
    @Order(10)
    void aRebuildGivesTheSameViewWhileQueriesKeepAnswering() {
        long frontier = readYourWrites.frontier();
        List<Map<String, Object>> journal = journalUpTo(frontier);
        List<Map<String, Object>> flags = given().queryParam("size", 500).get("/flags")
                .then().statusCode(200).extract().jsonPath().getList("items");
        int activeBefore = given().get("/projection").then().statusCode(200).extract().jsonPath().getInt("activeGeneration");

        int generation = given().post("/projection/rebuild").then().statusCode(202).extract().jsonPath().getInt("generation");
        assertTrue(generation > activeBefore);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (given().get("/projection").then().statusCode(200).extract().jsonPath().getInt("activeGeneration") != generation) {
            if (System.nanoTime() > deadline) {
                fail("the rebuild did not switch over within " + WAIT);
            }
            // the current generation keeps serving while the next one is built
            given().queryParam("limit", 1).get("/journal").then().statusCode(200).body("events.size()", equalTo(1));
            sleep();
        }

        assertEquals(journal, journalUpTo(frontier), "journal identical after the rebuild");
        assertEquals(flags, given().queryParam("size", 500).get("/flags").then().statusCode(200)
                .extract().jsonPath().getList("items"), "flags identical after the rebuild");
        assertBalance(a, "2026-03-02T09:16:59Z", 1_242_000, 10, first + 11);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static EventEnvelope at(int minute, LedgerEvent event) {
        return log.next(event, T0.plusSeconds(minute * 60L));
    }

    private void assertBalance(String account, String asOf, long balance, long version, long position) {
        JsonPath json = given().queryParam("asOf", asOf).get("/accounts/{id}/balance", account)
                .then().statusCode(200).contentType("application/json").extract().jsonPath();
        String where = account + " as of " + asOf;
        assertEquals(account, json.getString("accountId"), where);
        assertEquals(Instant.parse(json.getString("asOf")), java.time.OffsetDateTime.parse(asOf).toInstant(), where);
        assertEquals(balance, json.getLong("balance"), where);
        assertEquals("EUR", json.getString("currency"), where);
        assertEquals(version, json.getLong("version"), where);
        assertEquals(position, json.getLong("position"), where);
    }

    private long currentBalance(String account) {
        return given().get("/accounts/{id}/balance", account).then().statusCode(200).extract().jsonPath().getLong("balance");
    }

    private static void assertProblem(io.restassured.response.Response response, int status, String code) {
        response.then().statusCode(status).contentType(PROBLEM)
                .body("status", equalTo(status))
                .body("code", equalTo(code))
                .body("title", notNullValue())
                .body("detail", notNullValue())
                .body("type", startsWith("urn:"));
    }

    private List<Map<String, Object>> journalUpTo(long position) {
        List<Map<String, Object>> all = new ArrayList<>();
        long after = 0;
        while (after < position) {
            JsonPath page = given().queryParam("after", after).queryParam("limit", 1000).get("/journal")
                    .then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> events = page.getList("events");
            for (Map<String, Object> event : events) {
                if (((Number) event.get("position")).longValue() <= position) {
                    all.add(event);
                }
            }
            assertNotEquals(after, page.getLong("nextAfter"), "journal paging stalled");
            after = page.getLong("nextAfter");
        }
        return all;
    }

    private void awaitFrontier(long position) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (readYourWrites.frontier() < position) {
            if (System.nanoTime() > deadline) {
                fail("the view did not reach position " + position + " within " + WAIT + "; it is at "
                        + readYourWrites.frontier());
            }
            sleep();
        }
    }

    private void awaitRowInJournal(long position) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (pool.preparedQuery("SELECT 1 FROM " + view + ".journal WHERE position = $1")
                .execute(Tuple.of(position)).await().atMost(Duration.ofSeconds(10)).size() == 0) {
            if (System.nanoTime() > deadline) {
                fail("position " + position + " was not applied within " + WAIT);
            }
            sleep();
        }
    }

    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % log.partitions();
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
