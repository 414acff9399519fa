package dev.tally.views.backoffice;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.tally.views.backoffice.testing.LedgerLog;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The back-office view on real Kafka and PostgreSQL: a small ledger is written to the topic as CloudEvents records
 * (dense positions), the view folds it, and the REST API answers searches, totals and daily volumes. Totals and
 * volumes are compared as differences to what the view held before, so the test does not depend on other data.
 * Expected values are worked out by hand from the ledger below.
 */
@QuarkusTest
@WithTestResource(value = RealEngines.class, scope = TestResourceScope.GLOBAL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(TestTokens.AdminByDefault.class)
class BackofficeViewTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String ALICE = RUN + "-alice";
    private static final String BOB = RUN + "-bob";
    private static final String CAROL = RUN + "-carol";
    private static final String DAVE = RUN + "-dave";
    private static final String A1 = account(101);
    private static final String A2 = account(102);
    private static final String B1 = account(201);
    private static final String B2 = account(202);
    private static final String C1 = account(301);

    private static LedgerLog log;
    private static Map<String, Map<String, Long>> totalsBefore;
    private static Map<String, Map<String, Long>> volumesBefore;

    @Inject
    ReadYourWrites readYourWrites;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @ConfigProperty(name = "tally.projection.topic")
    String topic;

    @AfterAll
    static void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    /** Writes the ledger once (the first test to run does it) and waits until the view has applied all of it. */
    private void ledger() {
        if (log != null) {
            return;
        }
        long first = readYourWrites.frontier() + 1;
        waitForView(first - 1);
        totalsBefore = totals(first - 1);
        volumesBefore = volumes("from=2025-06-30&to=2025-07-01", first - 1);
        log = new LedgerLog(kafkaConfig, topic, first).ensureTopic(3);
        log.append("2025-06-30T09:00:00Z", new AccountOpened(A1, ALICE, "EUR", 0));
        log.append("2025-06-30T09:10:00Z", new MoneyDeposited(A1, 10_000, "EUR", "salary"));
        log.append("2025-06-30T09:30:00Z", new AccountOpened(A2, ALICE, "USD", 1_000));
        log.append("2025-06-30T10:00:00Z", new AccountOpened(B1, BOB, "EUR", 0));
        log.append("2025-06-30T10:05:00Z", new MoneyDeposited(B1, 20_000, "EUR", "bonus"));
        log.append("2025-06-30T10:30:00Z", new AccountOpened(B2, BOB, "EUR", 0));
        log.append("2025-06-30T10:35:00Z", new MoneyDeposited(B2, 300, "EUR", "gift"));
        log.append("2025-06-30T11:00:00Z", new AccountOpened(C1, CAROL, "GBP", 0));
        log.append("2025-06-30T12:00:00Z", new MoneyWithdrawn(A1, 2_500, "EUR", "rent"));
        for (int i = 1; i <= 5; i++) {
            log.append("2025-06-30T13:0" + i + ":00Z", new AccountOpened(dave(i), DAVE, "EUR", 0));
            log.append("2025-06-30T14:00:00Z", new MoneyDeposited(dave(i), 100L * i, "EUR", "pocket money"));
        }
        log.append("2025-06-30T23:59:59Z", new MoneyDeposited(A2, 5_000, "USD", "late"));
        log.append("2025-07-01T00:00:01Z", new MoneyWithdrawn(A2, 6_000, "USD", "early"));
        log.append("2025-07-01T09:00:00Z", new MoneyWithdrawn(B2, 300, "EUR", "empty it"));
        log.append("2025-07-01T09:01:00Z", new AccountClosed(B2));
        log.append("2025-07-01T10:00:00Z", new TransferSent(B1, "t-" + RUN, A1, 7_000, "EUR", "loan"));
        log.append("2025-07-01T10:00:00Z", new TransferReceived(A1, "t-" + RUN, B1, 7_000, "EUR", "loan"));
        log.append("2025-07-01T11:00:00Z", new AccountFrozen(B1, "review"));
        log.append("2025-07-01T12:00:00Z", new MoneyDeposited(C1, 1, "GBP", "interest"));
        waitForView(log.lastPosition());
    }

    private static String dave(int i) {
        return account(400 + i);
    }

    /** Account ids are UUIDs (every service parses them so); this run's, in the order of {@code n}. */
    private static String account(int n) {
        return RUN + "-0000-4000-8000-" + String.format("%012d", n);
    }

    @Test
    @Order(1)
    void anAccountShowsItsFoldedState() {
        ledger();
        given().get("/accounts/" + A1 + "?minPosition=" + log.lastPosition()).then()
                .statusCode(200)
                .body("accountId", equalTo(A1))
                .body("ownerId", equalTo(ALICE))
                .body("currency", equalTo("EUR"))
                .body("status", equalTo("OPEN"))
                .body("balance", equalTo(14_500))
                .body("overdraftLimit", equalTo(0))
                .body("openedAt", equalTo("2025-06-30T09:00:00Z"))
                .body("updatedAt", equalTo("2025-07-01T10:00:00Z"))
                .body("version", equalTo(4));
        given().get("/accounts/" + A2).then().statusCode(200)
                .body("balance", equalTo(-1_000)).body("overdraftLimit", equalTo(1_000)).body("version", equalTo(3));
        given().get("/accounts/" + B1).then().statusCode(200)
                .body("status", equalTo("FROZEN")).body("balance", equalTo(13_000));
        given().get("/accounts/" + B2).then().statusCode(200)
                .body("status", equalTo("CLOSED")).body("balance", equalTo(0)).body("version", equalTo(4));
    }

    @Test
    @Order(2)
    void searchFiltersByOwnerStatusCurrencyAndBalance() {
        ledger();
        assertEquals(List.of(A1, A2), ids("owner=" + ALICE));
        assertEquals(List.of(B1), ids("owner=" + BOB + "&status=FROZEN"));
        assertEquals(List.of(B2), ids("owner=" + BOB + "&status=closed"), "status is case-insensitive");
        assertEquals(List.of(A1), ids("owner=" + ALICE + "&currency=EUR"));
        assertEquals(List.of(), ids("owner=" + CAROL + "&currency=EUR"));
        assertEquals(List.of(dave(2), dave(3), dave(4)), ids("owner=" + DAVE + "&minBalance=200&maxBalance=400"));
        assertEquals(List.of(A2), ids("owner=" + ALICE + "&maxBalance=-1"), "negative balances are searchable");
        assertEquals(List.of(B1, A1), ids("currency=EUR&minBalance=13000&maxBalance=14500&sort=balance"));
        List<String> open = ids("owner=" + BOB + "&status=OPEN");
        assertEquals(List.of(), open, "bob's accounts are frozen or closed");
    }

    @Test
    @Order(3)
    void searchSortsAndPages() {
        ledger();
        String dave = "owner=" + DAVE + "&sort=balance&order=desc&size=2";
        JsonPath first = search(dave + "&page=0");
        assertEquals(0, first.getInt("page"));
        assertEquals(2, first.getInt("size"));
        assertEquals(5L, first.getLong("total"));
        assertEquals(List.of(dave(5), dave(4)), first.getList("items.accountId"));
        assertEquals(List.of(dave(3), dave(2)), search(dave + "&page=1").getList("items.accountId"));
        assertEquals(List.of(dave(1)), search(dave + "&page=2").getList("items.accountId"));
        JsonPath beyond = search(dave + "&page=3");
        assertEquals(List.of(), beyond.getList("items"));
        assertEquals(5L, beyond.getLong("total"));
        assertEquals(List.of(dave(1), dave(2)), ids("owner=" + DAVE + "&sort=balance&order=asc&size=2"));
        assertEquals(List.of(A1, A2), ids("owner=" + ALICE + "&sort=openedAt"));
        assertEquals(List.of(A2, A1), ids("owner=" + ALICE + "&sort=openedAt&order=desc"));
        // a2 last changed at 00:00:01 on 1 July, a1 at 10:00 that day.
        assertEquals(List.of(A2, A1), ids("owner=" + ALICE + "&sort=updatedAt"));
        assertEquals(50, search("owner=" + ALICE).getInt("size"), "default page size");

        // Sorting by owner across owners: every page in order, ties broken by account id.
        List<Map<String, Object>> all = allPages("currency=EUR&sort=owner");
        for (int i = 1; i < all.size(); i++) {
            String previous = all.get(i - 1).get("ownerId") + "|" + all.get(i - 1).get("accountId");
            String current = all.get(i).get("ownerId") + "|" + all.get(i).get("accountId");
            assertTrue(previous.compareTo(current) < 0, previous + " before " + current);
        }
        List<Object> ids = all.stream().map(account -> account.get("accountId")).toList();
        assertTrue(ids.containsAll(List.of(A1, B1, B2, dave(1), dave(5))), "every EUR account on some page");
    }

    @Test
    @Order(4)
    void totalsPerCurrencyAddUpAndObeyTheConservationLaw() {
        ledger();
        Map<String, Map<String, Long>> after = totals(log.lastPosition());
        assertEquals(Map.of("accounts", 8L, "openAccounts", 7L, "frozenAccounts", 1L, "totalDeposited", 31_800L,
                "totalWithdrawn", 2_800L, "totalTransferred", 7_000L, "sumOfBalances", 29_000L), delta("EUR", after));
        assertEquals(Map.of("accounts", 1L, "openAccounts", 1L, "frozenAccounts", 0L, "totalDeposited", 5_000L,
                "totalWithdrawn", 6_000L, "totalTransferred", 0L, "sumOfBalances", -1_000L), delta("USD", after));
        assertEquals(Map.of("accounts", 1L, "openAccounts", 1L, "frozenAccounts", 0L, "totalDeposited", 1L,
                "totalWithdrawn", 0L, "totalTransferred", 0L, "sumOfBalances", 1L), delta("GBP", after));
        for (var entry : after.entrySet()) {
            Map<String, Long> totals = entry.getValue();
            assertEquals(totals.get("totalDeposited") - totals.get("totalWithdrawn"), totals.get("sumOfBalances"),
                    "conservation law in " + entry.getKey());
            long sumOfAccounts = allPages("currency=" + entry.getKey()).stream()
                    .mapToLong(account -> ((Number) account.get("balance")).longValue()).sum();
            assertEquals(totals.get("sumOfBalances"), sumOfAccounts, "accounts add up to the total in " + entry.getKey());
        }
    }

    @Test
    @Order(5)
    void dailyVolumesAreUtcDaysPerCurrency() {
        ledger();
        Map<String, Map<String, Long>> after = volumes("from=2025-06-30&to=2025-07-01", log.lastPosition());
        Map<String, Map<String, Long>> expected = Map.of(
                "2025-06-30/EUR", volume(31_800, 2_500, 0, 8, 1, 0),
                "2025-06-30/USD", volume(5_000, 0, 0, 1, 0, 0),
                "2025-07-01/EUR", volume(0, 300, 7_000, 0, 1, 1),
                "2025-07-01/USD", volume(0, 6_000, 0, 0, 1, 0),
                "2025-07-01/GBP", volume(1, 0, 0, 1, 0, 0));
        Map<String, Map<String, Long>> deltas = new HashMap<>();
        for (String key : after.keySet()) {
            Map<String, Long> row = difference(after.get(key), volumesBefore.get(key));
            if (row.values().stream().anyMatch(value -> value != 0)) {
                deltas.put(key, row);
            }
        }
        assertEquals(expected, deltas);

        List<Map<String, Object>> usd = given().get("/volumes/daily?currency=USD&from=2025-07-01&to=2025-07-01")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(1, usd.size());
        assertEquals("2025-07-01", usd.get(0).get("day"));
        assertEquals("USD", usd.get(0).get("currency"));
        List<String> days = given().get("/volumes/daily?from=2025-06-30&to=2025-07-01").then().statusCode(200)
                .extract().jsonPath().getList("day");
        assertEquals(days.stream().sorted().toList(), days, "sorted by day");
    }

    @Test
    @Order(6)
    void redeliveredEventsChangeNothing() {
        ledger();
        List<String> owners = List.of(ALICE, BOB, CAROL, DAVE);
        Map<String, String> accountsBefore = new HashMap<>();
        for (String owner : owners) {
            accountsBefore.put(owner, given().get("/accounts?owner=" + owner).then().statusCode(200).extract().asString());
        }
        Map<String, Map<String, Long>> totalsBeforeRedelivery = totals(log.lastPosition());
        Map<String, Map<String, Long>> volumesBeforeRedelivery = volumes("", log.lastPosition());

        for (EventEnvelope envelope : log.written()) {
            log.resend(envelope);
        }
        // A new account on every partition, after the copies: once the view has applied those, it has read the copies.
        List<String> markers = new ArrayList<>();
        for (int partition = 0; partition < log.partitions(); partition++) {
            String marker = account(500 + partition);
            markers.add(marker);
            log.appendOnPartition(partition, "2025-07-02T00:00:00Z", new AccountOpened(marker, RUN + "-m", "XTS", 0));
        }
        waitForView(log.lastPosition());

        for (String marker : markers) {
            given().get("/accounts/" + marker).then().statusCode(200).body("currency", equalTo("XTS"));
        }
        for (String owner : owners) {
            assertEquals(accountsBefore.get(owner),
                    given().get("/accounts?owner=" + owner).then().statusCode(200).extract().asString(), owner);
        }
        Map<String, Map<String, Long>> totalsAfter = totals(log.lastPosition());
        for (String currency : List.of("EUR", "USD", "GBP")) {
            assertEquals(totalsBeforeRedelivery.get(currency), totalsAfter.get(currency), currency);
        }
        assertEquals(volumesBeforeRedelivery, volumes("", log.lastPosition()));
    }

    @Test
    @Order(7)
    void anAccountWhoseOpeningWasDeadLetteredStillFoldsItsMoney() {
        ledger();
        Map<String, Map<String, Long>> before = totals(log.lastPosition());
        String orphan = account(700);
        log.appendBroken(orphan, "AccountOpened", "2025-07-03T08:00:00Z");
        log.append("2025-07-03T08:01:00Z", new MoneyDeposited(orphan, 900, "XTS", "after the poison"));
        log.append("2025-07-03T08:02:00Z", new AccountFrozen(orphan, "unknown owner"));
        waitForView(log.lastPosition());

        given().get("/accounts/" + orphan).then().statusCode(200)
                .body("ownerId", equalTo(null))
                .body("currency", equalTo("XTS"))
                .body("balance", equalTo(900))
                .body("status", equalTo("FROZEN"))
                .body("version", equalTo(3));
        Map<String, Map<String, Long>> after = totals(log.lastPosition());
        Map<String, Long> xts = difference(after.get("XTS"), before.get("XTS"));
        assertEquals(Map.of("accounts", 0L, "openAccounts", 0L, "frozenAccounts", 0L, "totalDeposited", 900L,
                "totalWithdrawn", 0L, "totalTransferred", 0L, "sumOfBalances", 900L), xts,
                "its money counts; it was never counted as opened");
        long sumOfAccounts = allPages("currency=XTS").stream()
                .mapToLong(account -> ((Number) account.get("balance")).longValue()).sum();
        assertEquals(after.get("XTS").get("sumOfBalances"), sumOfAccounts);
    }

    @Test
    @Order(8)
    void aRepeatedOpeningChangesNothingButTheVersionAndDoesNotStallTheView() {
        ledger();
        Map<String, Map<String, Long>> before = totals(log.lastPosition());
        log.append("2025-07-03T09:00:00Z", new AccountOpened(dave(2), "someone else", "USD", 5));
        log.append("2025-07-03T09:01:00Z", new MoneyDeposited(dave(2), 1, "EUR", "after it"));
        waitForView(log.lastPosition());

        given().get("/accounts/" + dave(2)).then().statusCode(200)
                .body("ownerId", equalTo(DAVE))
                .body("currency", equalTo("EUR"))
                .body("overdraftLimit", equalTo(0))
                .body("balance", equalTo(201))
                .body("version", equalTo(4));
        Map<String, Map<String, Long>> after = totals(log.lastPosition());
        assertEquals(Map.of("accounts", 0L, "openAccounts", 0L, "frozenAccounts", 0L, "totalDeposited", 1L,
                "totalWithdrawn", 0L, "totalTransferred", 0L, "sumOfBalances", 1L),
                difference(after.get("EUR"), before.get("EUR")));
        assertEquals(before.get("USD"), after.get("USD"));
    }

    @Test
    @Order(9)
    void statusChangesOfAccountsOpenedEarlierMoveTheCounters() {
        ledger();
        Map<String, Map<String, Long>> before = totals(log.lastPosition());
        log.append("2025-07-04T09:00:00Z", new AccountUnfrozen(B1, "review done"));
        log.append("2025-07-04T09:01:00Z", new MoneyWithdrawn(dave(1), 100, "EUR", "empty it"));
        log.append("2025-07-04T09:02:00Z", new AccountClosed(dave(1)));
        waitForView(log.lastPosition());

        assertEquals(Map.of("accounts", 0L, "openAccounts", -1L, "frozenAccounts", -1L, "totalDeposited", 0L,
                "totalWithdrawn", 100L, "totalTransferred", 0L, "sumOfBalances", -100L),
                difference(totals(log.lastPosition()).get("EUR"), before.get("EUR")));
        assertEquals(List.of(B1), ids("owner=" + BOB + "&status=OPEN"));
        assertEquals(List.of(dave(1)), ids("owner=" + DAVE + "&status=CLOSED"));
    }

    @Test
    @Order(10)
    void aQueryWithTheCommandsPositionSeesTheWrite() {
        ledger();
        EventEnvelope deposit = log.append("2025-07-02T08:00:00Z", new MoneyDeposited(A1, 1_234, "EUR", "ryw"));
        // No polling: the one query waits until the view has applied the position, then answers.
        given().get("/accounts/" + A1 + "?minPosition=" + deposit.position()).then()
                .statusCode(200)
                .body("balance", equalTo(14_500 + 1_234))
                .body("version", equalTo(5));
    }

    @Test
    @Order(11)
    void aPositionTheViewDoesNotReachAnswers503WithRetryAfter() {
        ledger();
        long unreachable = readYourWrites.frontier() + 1_000_000;
        for (String path : List.of("/accounts", "/accounts/" + A1, "/totals", "/volumes/daily")) {
            given().get(path + "?minPosition=" + unreachable).then()
                    .statusCode(503)
                    .contentType(startsWith("application/problem+json"))
                    .header("Retry-After", notNullValue())
                    .body("status", equalTo(503));
        }
    }

    @Test
    @Order(12)
    void anUnknownAccountIs404Problem() {
        given().get("/accounts/" + account(600)).then()
                .statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(404))
                .body("code", equalTo("ACCOUNT_NOT_FOUND"))
                .body("detail", notNullValue());
    }

    @ParameterizedTest
    @Order(13)
    @CsvSource(delimiter = '|', value = {
        "/accounts?size=0|invalid-size",
        "/accounts?size=201|invalid-size",
        "/accounts?size=ten|invalid-size",
        "/accounts?page=-1|invalid-page",
        "/accounts?page=99999999999|invalid-page",
        "/accounts?sort=name|invalid-sort",
        "/accounts?order=up|invalid-sort",
        "/accounts?status=PENDING|invalid-status",
        "/accounts?currency=eur|invalid-currency",
        "/accounts?currency=EURO|invalid-currency",
        "/accounts?minBalance=1.5|invalid-balance",
        "/accounts?maxBalance=99999999999999999999|invalid-balance",
        "/accounts?minBalance=10&maxBalance=9|invalid-balance-range",
        "/accounts?minPosition=abc|invalid-min-position",
        "/accounts?minPosition=-1|invalid-min-position",
        "/totals?minPosition=1e3|invalid-min-position",
        "/volumes/daily?from=2025-13-01|invalid-date",
        "/volumes/daily?to=yesterday|invalid-date",
        "/volumes/daily?from=2025-07-02&to=2025-07-01|invalid-date-range",
        "/volumes/daily?currency=usd|invalid-currency",
    })
    void badQueriesAre400Problems(String path, String code) {
        given().get(path).then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400))
                .body("code", equalTo(code))
                .body("detail", notNullValue());
    }

    @Test
    @Order(14)
    void theOpenApiDocumentTypesNumericParametersAsIntegers() {
        JsonPath document = given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        for (String parameter : List.of("page", "size", "minBalance", "maxBalance", "minPosition")) {
            assertEquals("integer", document.getString(
                    "paths.'/accounts'.get.parameters.find { it.name == '" + parameter + "' }.schema.type"), parameter);
        }
        assertEquals("integer", document.getString(
                "paths.'/totals'.get.parameters.find { it.name == 'minPosition' }.schema.type"));
        assertEquals("date", document.getString(
                "paths.'/volumes/daily'.get.parameters.find { it.name == 'from' }.schema.format"));
    }

    // --- helpers ---

    private static void waitForView(long position) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Response response = given().get("/totals?minPosition=" + position);
            if (response.statusCode() == 200) {
                return;
            }
            assertEquals(503, response.statusCode(), response.asString());
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the view did not reach position " + position + ": " + response.asString());
            }
        }
    }

    private static JsonPath search(String query) {
        return given().get("/accounts?" + query).then().statusCode(200).extract().jsonPath();
    }

    private static List<String> ids(String query) {
        return search(query).getList("items.accountId");
    }

    private static List<Map<String, Object>> allPages(String query) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonPath result = search(query + "&size=200&page=" + page);
            List<Map<String, Object>> items = result.getList("items");
            all.addAll(items);
            if (all.size() >= result.getLong("total") || items.isEmpty()) {
                return all;
            }
        }
    }

    private static Map<String, Map<String, Long>> totals(long minPosition) {
        List<Map<String, Object>> rows = given().get("/totals?minPosition=" + minPosition).then().statusCode(200)
                .extract().jsonPath().getList("$");
        Map<String, Map<String, Long>> byCurrency = new HashMap<>();
        for (Map<String, Object> row : rows) {
            byCurrency.put((String) row.get("currency"), numbers(row));
        }
        return byCurrency;
    }

    private static Map<String, Map<String, Long>> volumes(String query, long minPosition) {
        List<Map<String, Object>> rows = given().get("/volumes/daily?" + (query.isEmpty() ? "" : query + "&") + "minPosition=" + minPosition)
                .then().statusCode(200).extract().jsonPath().getList("$");
        Map<String, Map<String, Long>> byDayAndCurrency = new HashMap<>();
        for (Map<String, Object> row : rows) {
            byDayAndCurrency.put(row.get("day") + "/" + row.get("currency"), numbers(row));
        }
        return byDayAndCurrency;
    }

    private static Map<String, Long> numbers(Map<String, Object> row) {
        Map<String, Long> numbers = new HashMap<>();
        row.forEach((name, value) -> {
            if (value instanceof Number number) {
                numbers.put(name, number.longValue());
            }
        });
        return numbers;
    }

    private static Map<String, Long> delta(String currency, Map<String, Map<String, Long>> after) {
        return difference(after.get(currency), totalsBefore.get(currency));
    }

    private static Map<String, Long> difference(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> difference = new HashMap<>();
        after.forEach((name, value) -> difference.put(name, value - (before == null ? 0 : before.getOrDefault(name, 0L))));
        return difference;
    }

    private static Map<String, Long> volume(long deposited, long withdrawn, long transferred, long deposits,
                                            long withdrawals, long transfers) {
        return Map.of("deposited", deposited, "withdrawn", withdrawn, "transferred", transferred,
                "depositCount", deposits, "withdrawalCount", withdrawals, "transferCount", transfers);
    }
}
