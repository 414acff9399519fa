package dev.tally.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.engines.ServiceProcess;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console ({@code /console} on the write service) in a real browser, Debian's headless Chromium driven
 * by Selenium, against the running system: sign in, the overview with real figures, a rebuild watched to its switch,
 * the consistency auditor's report, an account's stream beside each view's row, the live tail receiving a command's
 * event; and the error states: no token, an expired or non-admin token, a view stopped. Assertions read the page's
 * text; a screenshot of each page is saved ({@code -Dtally.console.screenshots}, relative to the repository; the
 * committed ones in docs/console are refreshed with {@code -Dtally.console.screenshots=docs/console}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorConsoleIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private final TallySystem system = TallySystem.get();
    private final Ledger ledger = new Ledger(system.writeSide);
    private final String console = system.writeSide.baseUrl() + "/console";
    private final Path screenshots = TallySystem.REPO.resolve(
            System.getProperty("tally.console.screenshots", "deploy/system-tests/target/console-screenshots"));
    private final String adminToken = Tokens.token("admin", "ops-ann");
    private WebDriver browser;

    @BeforeAll
    void openBrowser() throws IOException {
        Files.createDirectories(screenshots);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(executable("chromium", "/usr/bin/chromium"));
        // Headless as root needs --no-sandbox; a laptop-sized window for the screenshots.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1366,900", "--lang=en");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(executable("chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    @Order(1)
    void withoutATokenTheConsoleSendsYouToTheLoginPage() {
        browser.get(console);
        assertTrue(browser.getCurrentUrl().contains("/console/login?reason=MISSING"), browser.getCurrentUrl());
        assertTrue(text("#reason").contains("Paste an admin token"), text("#reason"));
        screenshot("login");
        // A fragment asked for without a token is refused too, never served.
        browser.get(console + "/overview");
        assertTrue(browser.getCurrentUrl().contains("/console/login"), browser.getCurrentUrl());
    }

    @Test
    @Order(2)
    void aNonAdminOrExpiredTokenIsRefusedWithTheReason() {
        signIn(Tokens.token("backoffice", "bo-bob"));
        awaitReason("does not carry the admin role");
        assertTrue(text("#detail").contains("[backoffice]"), text("#detail"));
        assertNull(browser.manage().getCookieNamed("tally-console"), "no session for a non-admin");
        screenshot("login-refused");

        signIn(Tokens.expired("admin", "ops-ann"));
        awaitReason("has expired");
        signIn("not-a-token");
        awaitReason("was refused");
        assertNull(browser.manage().getCookieNamed("tally-console"));
    }

    @Test
    @Order(3)
    void theOverviewShowsEveryServiceTheRelayAndEachViewWithRealFigures() {
        String account = ledger.open("console-olga", "EUR", 0);
        long position = ledger.deposit(account, 4_200).then().statusCode(200).extract().jsonPath().getLong("position");

        signIn(adminToken);
        await("the overview after signing in", b -> b.getCurrentUrl().endsWith("/console"));
        assertEquals("ops-ann", text("#user"));
        Cookie session = browser.manage().getCookieNamed("tally-console");
        assertNotNull(session);
        assertTrue(session.isHttpOnly(), "the token's cookie is HttpOnly");
        assertEquals("Strict", session.getSameSite());
        assertEquals("/console", session.getPath());

        await("every service UP", b -> b.findElements(By.cssSelector("#services [data-field=state]")).size() == 4
                && b.findElements(By.cssSelector("#services [data-field=state]")).stream()
                .allMatch(e -> e.getText().equals("UP")));
        await("the relay has published position " + position,
                b -> number("#relay [data-field=checkpoint]") >= position);
        assertEquals("yes", text("#relay [data-field=leader]"));
        for (String view : List.of("accounts-view", "backoffice-view", "audit-view")) {
            await(view + " has reached position " + position,
                    b -> number(panel(view) + " [data-field=frontier]") >= position);
            assertEquals("RUNNING", text(panel(view) + " [data-field=status]"));
            // Other system tests share these views (one leaves a poison record), so the figure is the view's own.
            long deadLettered = Http.as(process(view), "admin", "ops-ann").get("/projection").then().statusCode(200)
                    .extract().jsonPath().getLong("deadLettered");
            assertEquals(String.valueOf(deadLettered), text(panel(view) + " [data-field=dead-letters]"));
            assertTrue(number(panel(view) + " [data-field=applied]") > 0);
        }
        assertFalse(browser.getPageSource().contains(adminToken), "the token is not in the page");
        screenshot("overview");
    }

    private ServiceProcess process(String view) {
        return switch (view) {
            case "accounts-view" -> system.accounts;
            case "backoffice-view" -> system.backoffice;
            default -> system.audit;
        };
    }

    @Test
    @Order(4)
    void aRebuildIsWatchedUntilTheSwitch() {
        browser.get(console);
        String view = "backoffice-view";
        await("the overview", b -> !b.findElements(By.cssSelector(panel(view) + " [data-field=generation]")).isEmpty());
        long generation = number(panel(view) + " [data-field=generation]");

        browser.findElement(By.cssSelector(panel(view) + " [data-action=rebuild]")).click();
        await("the rebuild started", b -> text("#flash").contains(
                view + ": rebuild into generation " + (generation + 1) + " started"));
        boolean sawProgress = false;
        long until = System.nanoTime() + PATIENCE.toNanos();
        while (number(panel(view) + " [data-field=generation]") != generation + 1 && System.nanoTime() < until) {
            if (!browser.findElements(By.cssSelector(panel(view) + " [data-field=rebuild]")).isEmpty() && !sawProgress) {
                sawProgress = true;
                screenshot("rebuild");
            }
            pause(200);
        }
        assertEquals(generation + 1, number(panel(view) + " [data-field=generation]"), "switched to the new generation");
        await(view + " running after the switch", b -> text(panel(view) + " [data-field=status]").equals("RUNNING"));
        if (!sawProgress) {
            screenshot("rebuild");
        }
    }

    @Test
    @Order(5)
    void theConsistencyAuditorReportsConsistent() {
        browser.get(console + "/consistency");
        browser.findElement(By.id("run-audit")).click();
        await("the auditor's report", b -> !b.findElements(By.id("verdict")).isEmpty());
        assertTrue(text("#verdict").startsWith("consistent:"), text("#verdict"));
        for (String view : List.of("accounts-view", "backoffice-view", "audit-view")) {
            assertEquals("0", text("#audit tr[data-view=" + view + "] [data-field=differences]"), view);
        }
        assertEquals("Money conservation: holds", text("#conservation"));
        screenshot("consistency");
    }

    @Test
    @Order(6)
    void anAccountsStreamIsShownBesideEachViewsRow() {
        String account = ledger.open("console-petra", "EUR", 0);
        ledger.deposit(account, 10_000).then().statusCode(200);
        long position = ledger.withdraw(account, 2_500).then().statusCode(200).extract().jsonPath().getLong("position");
        awaitViewsAt(position);

        browser.get(console + "/accounts");
        browser.findElement(By.id("account-id")).sendKeys(account);
        browser.findElement(By.id("show-account")).click();
        await("the stream", b -> !b.findElements(By.cssSelector("#stream tr[data-version]")).isEmpty());
        List<String> types = browser.findElements(By.cssSelector("#stream tr[data-version] td:nth-child(3)")).stream()
                .map(WebElement::getText).toList();
        assertEquals(List.of("AccountOpened", "MoneyDeposited", "MoneyWithdrawn"), types);
        for (String view : List.of("accounts-view", "backoffice-view", "audit-view")) {
            assertEquals("7500", text("#view-rows [data-view=" + view + "] [data-field=balance]"), view);
        }
        screenshot("account");
    }

    @Test
    @Order(7)
    void theLiveTailReceivesANewEvent() {
        String account = ledger.open("console-quinn", "EUR", 0);
        browser.get(console + "/tail");
        await("the tail is live", b -> text("#tail-status").startsWith("live"));
        ledger.deposit(account, 321).then().statusCode(200);
        await("the deposit in the tail", b -> b.findElements(By.cssSelector("#tail-rows tr")).stream()
                .anyMatch(row -> row.getText().contains(account) && row.getText().contains("MoneyDeposited")));
        screenshot("tail");
    }

    @Test
    @Order(8)
    void aStoppedViewShowsAsDownWhileTheRestWorks() {
        ServiceProcess audit = system.audit;
        audit.stop(Duration.ofSeconds(15));
        try {
            browser.get(console);
            await("audit-view down", b -> !b.findElements(By.cssSelector(panel("audit-view") + " [data-field=error]"))
                    .isEmpty());
            String error = text(panel("audit-view") + " [data-field=error]");
            assertTrue(error.startsWith("audit-view is down or unreachable: " + audit.baseUrl() + "/projection"), error);
            assertEquals("DOWN", text("#services [data-service=audit-view] [data-field=state]"));
            assertEquals("UP", text("#services [data-service=accounts-view] [data-field=state]"));
            assertEquals("RUNNING", text(panel("accounts-view") + " [data-field=status]"));
            assertEquals("yes", text("#relay [data-field=leader]"));
            screenshot("view-down");
        } finally {
            system.start(audit);
        }
        browser.get(console);
        await("audit-view back", b -> text(panel("audit-view") + " [data-field=status]").equals("RUNNING"));
    }

    @Test
    @Order(9)
    void signingOutEndsTheSession() {
        browser.get(console);
        browser.findElement(By.cssSelector("header form button")).click();
        await("the login page", b -> b.getCurrentUrl().contains("/console/login?reason=SIGNED_OUT"));
        awaitReason("signed out");
        browser.get(console);
        assertTrue(browser.getCurrentUrl().contains("/console/login?reason=MISSING"), browser.getCurrentUrl());
    }

    /** The login page answering the form, with this reason (a click returns before the next page is there). */
    private void awaitReason(String reason) {
        await("the login page saying '" + reason + "'", b -> b.getCurrentUrl().contains("/console/login")
                && text("#reason").contains(reason));
    }

    private void signIn(String token) {
        browser.get(console + "/login");
        WebElement field = browser.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        browser.findElement(By.id("sign-in")).click();
    }

    private void awaitViewsAt(long position) {
        Views views = new Views(system);
        long until = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < until) {
            boolean all = views.projections().values().stream()
                    .allMatch(p -> ((Number) p.get("frontier")).longValue() >= position);
            if (all) {
                return;
            }
            pause(100);
        }
        throw new AssertionError("views did not reach " + position);
    }

    private static String panel(String view) {
        return "#views [data-view=" + view + "]";
    }

    /** The text of the first element matching {@code css}, "" when there is none (yet). */
    private String text(String css) {
        List<WebElement> found = browser.findElements(By.cssSelector(css));
        try {
            return found.isEmpty() ? "" : found.get(0).getText().strip();
        } catch (StaleElementReferenceException e) {
            return ""; // swapped by htmx between find and read
        }
    }

    private long number(String css) {
        String text = text(css);
        return text.matches("-?\\d+") ? Long.parseLong(text) : Long.MIN_VALUE;
    }

    private void await(String what, Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, PATIENCE, Duration.ofMillis(200))
                .ignoring(StaleElementReferenceException.class) // htmx replaced the element between find and read
                .withMessage(() -> what + "; page text: " + browser.findElement(By.tagName("body")).getText())
                .until(condition::apply);
    }

    private void screenshot(String name) {
        try {
            Path png = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(png, screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("cannot save the screenshot " + name, e);
        }
    }

    private static String executable(String name, String fallback) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        if (Files.isExecutable(Path.of(fallback))) {
            return fallback;
        }
        throw new IllegalStateException(name + " is missing: apt-get install -y chromium chromium-driver");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
