package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.testing.ScriptedMailServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real browser: Debian's headless Chromium driven through the system
 * chromedriver (never a downloaded browser or driver; Selenium Manager stays unused), against a
 * {@link WebServer} listening on loopback. Skipped where Chromium is missing, unless {@code
 * -Dmailtls.requireInterop=true} (CI), where a missing browser fails instead.
 */
@Timeout(120)
class WebPageBrowserTest {
    static final String REQUIRE_PROPERTY = "mailtls.requireInterop";
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration PAGE_WAIT = Duration.ofSeconds(30);

    private static @Nullable Path profile;
    private static @Nullable ChromeDriverService driverService;
    private static @Nullable WebDriver browser;

    @BeforeAll
    static void startChromium() throws IOException {
        List<String> missing = Stream.of(CHROMIUM, CHROMEDRIVER)
                .filter(p -> !Files.isExecutable(p))
                .map(Path::toString)
                .toList();
        if (!missing.isEmpty() && Boolean.getBoolean(REQUIRE_PROPERTY)) {
            Assertions.fail("-D" + REQUIRE_PROPERTY + "=true, but " + String.join(" and ", missing)
                    + " is missing: install them with apt-get install chromium chromium-driver (.ci/run does)");
        }
        Assumptions.assumeTrue(
                missing.isEmpty(), () -> "browser test skipped: " + String.join(", ", missing) + " not installed");

        profile = Files.createTempDirectory("mailtls-chromium-");
        // The driver's path is given, so Selenium Manager is never asked to find (or download) one;
        // SE_OFFLINE=true (surefire's environment) keeps it offline if it ever were.
        driverService = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile);
        browser = new ChromeDriver(driverService, options);
    }

    @AfterAll
    static void stopChromium() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (driverService != null) {
            driverService.stop();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    private static WebDriver browser() {
        return java.util.Objects.requireNonNull(browser, "Chromium did not start");
    }

    /** Opens the page, fills the form as a person would and submits it; returns once a result shows. */
    private static void probe(WebServer web, String host, String port) {
        WebDriver b = browser();
        b.get("http://127.0.0.1:" + web.port() + "/");
        b.findElement(By.id("host")).sendKeys(host);
        b.findElement(By.id("port")).sendKeys(port);
        new Select(b.findElement(By.id("transport"))).selectByValue("plain");
        new Select(b.findElement(By.id("protocol"))).selectByValue("smtp");
        b.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(b, PAGE_WAIT).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".result")));
    }

    @Test
    void aPersonFillsTheFormAndReadsTheCard() {
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP)
                        .greeting("220 mail.test ESMTP ready for the browser")
                        .advertiseStartTls(false)
                        .start();
                TestServer t = TestServer.builder().build();
                WebServer web = t.web().start("127.0.0.1", 0)) {
            WebDriver b = browser();
            b.get("http://127.0.0.1:" + web.port() + "/");
            assertThat(b.getTitle()).contains("mailtls");
            assertThat(b.findElement(By.id("transports")).getText())
                    .contains("from the first byte", "STARTTLS", "STLS", "never encrypted");

            probe(web, "mail.test", Integer.toString(mail.port()));

            String status = b.findElement(By.cssSelector(".result .status")).getText();
            assertThat(status).matches("(✅|⚠️|❌) mail\\.test:" + mail.port() + " — SMTP in plaintext — .+");
            assertThat(b.findElement(By.cssSelector(".result")).getAttribute("class"))
                    .matches("result status-(ok|warning|failure)");
            assertThat(b.findElement(By.cssSelector("div.card")).getText())
                    .contains("220 mail.test ESMTP ready for the browser");
            // The stylesheet loaded under the Content Security Policy: the result has its coloured border.
            assertThat(b.findElement(By.cssSelector(".result")).getCssValue("border-left-style"))
                    .isEqualTo("solid");
            // The form is filled in again for the next try.
            assertThat(b.findElement(By.id("host")).getDomProperty("value")).isEqualTo("mail.test");
            assertThat(new Select(b.findElement(By.id("transport")))
                            .getFirstSelectedOption()
                            .getDomProperty("value"))
                    .isEqualTo("plain");
            assertThat(mail.received()).isNotEmpty();
        }
    }

    /** Opens the page, types only the host and submits the form as it comes; returns once a result shows. */
    private static void probeWithDefaults(WebServer web, String host) {
        WebDriver b = browser();
        b.get("http://127.0.0.1:" + web.port() + "/");
        b.findElement(By.id("host")).sendKeys(host);
        b.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(b, PAGE_WAIT).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".result")));
    }

    private static String selected(String select) {
        return new Select(browser().findElement(By.id(select)))
                .getFirstSelectedOption()
                .getDomProperty("value");
    }

    @Test
    void theFormWithItsDefaultsProbesAndEverySelectValueIsAccepted() {
        // Issue 11, item 1: the defaults (transport=auto, protocol=auto) were refused with 422.
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP)
                        .greeting("220 mail.test ESMTP defaults")
                        .advertiseStartTls(false)
                        .start();
                TestServer t = TestServer.builder().build();
                WebServer web = t.web().start("127.0.0.1", 0)) {
            WebDriver b = browser();
            String target = "mail.test:" + mail.port();
            assertThat(b.findElement(By.id("deep")).isSelected())
                    .as("the deep box as it comes")
                    .isFalse();
            probeWithDefaults(web, target);
            assertThat(b.findElements(By.cssSelector(".problem"))).isEmpty();
            assertThat(b.findElement(By.id("deep")).isSelected()).isFalse();
            assertThat(mail.connections()).as("a normal probe").isEqualTo(1);
            assertThat(b.findElement(By.cssSelector("div.card")).getText()).contains("220 mail.test ESMTP defaults");
            assertThat(selected("transport")).isEqualTo("auto");
            assertThat(selected("protocol")).isEqualTo("auto");

            for (String select : List.of("transport", "protocol")) {
                b.get("http://127.0.0.1:" + web.port() + "/");
                List<String> values = new Select(b.findElement(By.id(select)))
                        .getOptions().stream()
                                .map(o -> o.getDomProperty("value"))
                                .toList();
                assertThat(values).contains("auto").hasSize(4);
                for (String value : values) {
                    b.get("http://127.0.0.1:" + web.port() + "/");
                    b.findElement(By.id("host")).sendKeys(target);
                    new Select(b.findElement(By.id(select))).selectByValue(value);
                    b.findElement(By.cssSelector("button[type=submit]")).click();
                    new WebDriverWait(b, PAGE_WAIT)
                            .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".result")));
                    // Every value gives a card (the server's answer), never a refusal of the form.
                    assertThat(b.findElements(By.cssSelector(".problem")))
                            .as(select + "=" + value)
                            .isEmpty();
                    assertThat(b.findElements(By.cssSelector("div.card")))
                            .as(select + "=" + value)
                            .hasSize(1);
                    assertThat(selected(select)).isEqualTo(value);
                }
            }
        }
    }

    @Test
    void aPersonTicksDeepAndGetsADeepProbeWithTheBoxStillTicked() {
        dev.mailtls.testing.TestPki pki = dev.mailtls.testing.TestPki.create();
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP)
                        .implicitTls(true)
                        .sslContext(pki.serverContext(pki.leaf("mail.test")))
                        .start();
                TestServer t = TestServer.builder().build();
                WebServer web = t.web().start("127.0.0.1", 0)) {
            WebDriver b = browser();
            b.get("http://127.0.0.1:" + web.port() + "/");
            b.findElement(By.id("host")).sendKeys("mail.test:" + mail.port());
            new Select(b.findElement(By.id("transport"))).selectByValue("tls");
            b.findElement(By.cssSelector("label[for=deep]")).click();
            assertThat(b.findElement(By.id("deep")).isSelected()).isTrue();
            b.findElement(By.cssSelector("button[type=submit]")).click();
            new WebDriverWait(b, PAGE_WAIT)
                    .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("div.card")));
            assertThat(b.findElements(By.cssSelector(".problem"))).isEmpty();
            assertThat(b.findElement(By.id("deep")).isSelected()).isTrue();
            assertThat(mail.connections()).as("a deep probe's connections").isGreaterThan(10);
        }
    }

    @Test
    void theCardReadsAt390PixelsWithoutScrollingSideways() {
        WebDriver b = browser();
        Dimension before = b.manage().window().getSize();
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP)
                        .greeting("220 mail.test ESMTP " + "a-long-unbroken-banner-word-".repeat(8) + "end")
                        .advertiseStartTls(false)
                        .start();
                TestServer t = TestServer.builder().build();
                WebServer web = t.web().start("127.0.0.1", 0)) {
            b.manage().window().setSize(new Dimension(390, 844));
            probe(web, "mail.test", Integer.toString(mail.port()));
            JavascriptExecutor js = (JavascriptExecutor) b;
            long cardScroll = (Long) js.executeScript("return document.querySelector('div.card').scrollWidth");
            long cardWidth = (Long) js.executeScript("return document.querySelector('div.card').clientWidth");
            long pageScroll = (Long) js.executeScript("return document.documentElement.scrollWidth");
            long pageWidth = (Long) js.executeScript("return document.documentElement.clientWidth");
            // The form posts to /#result: on a phone the answer is in view, not below the form.
            Number top =
                    (Number) js.executeScript("return document.getElementById('result').getBoundingClientRect().top");
            assertThat(top.doubleValue()).isBetween(-1.0, 844.0 / 2);
            assertThat(cardScroll).isLessThanOrEqualTo(cardWidth);
            assertThat(pageScroll).isLessThanOrEqualTo(pageWidth);
            assertThat(b.findElement(By.linkText("link to this result")).getDomProperty("href"))
                    .isEqualTo("http://127.0.0.1:" + web.port() + "/?host=mail.test&port=" + mail.port()
                            + "&transport=plain&protocol=smtp");
        } finally {
            b.manage().window().setSize(before);
        }
    }

    /** Saves what the browser shows, for people reviewing the page (target/screenshots). */
    static void screenshot(WebDriver b, String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            byte[] png =
                    ((org.openqa.selenium.TakesScreenshot) b).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
            Files.write(dir.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aTlsCardReadsOnAPhoneAndOnADesktopWithItsValidityBar() {
        // Issue 11, item 11: the HTML card (hints, certificate fields, validity bar) fits 390 px without
        // sideways scrolling, and a desktop shows labels beside values.
        WebDriver b = browser();
        Dimension before = b.manage().window().getSize();
        dev.mailtls.testing.TestPki pki = dev.mailtls.testing.TestPki.create();
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP)
                        .implicitTls(true)
                        .sslContext(pki.serverContext(pki.expiringIn(Duration.ofDays(10), "mail.test")))
                        .start();
                TestServer t = TestServer.builder().build();
                WebServer web = t.web().start("127.0.0.1", 0)) {
            String link = "http://127.0.0.1:" + web.port() + "/?host=mail.test&port=" + mail.port()
                    + "&transport=tls&protocol=smtp";
            for (int width : new int[] {390, 1280}) {
                b.manage().window().setSize(new Dimension(width, 1000));
                b.get(link);
                new WebDriverWait(b, PAGE_WAIT)
                        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("div.card")));
                JavascriptExecutor js = (JavascriptExecutor) b;
                long pageScroll = (Long) js.executeScript("return document.documentElement.scrollWidth");
                long pageWidth = (Long) js.executeScript("return document.documentElement.clientWidth");
                assertThat(pageScroll).as("page width at %d px", width).isLessThanOrEqualTo(pageWidth);
                WebElement meter = b.findElement(By.cssSelector("meter.validity"));
                assertThat(meter.isDisplayed()).isTrue();
                assertThat(meter.getDomProperty("value")).isIn("9", "10");
                assertThat(b.findElement(By.cssSelector("ul.hints")).getText()).contains("CERT_EXPIRING");
                // A label sits beside its value on a desktop and above it on a phone.
                WebElement dt = b.findElement(By.xpath("//dt[text()='issuer']"));
                WebElement dd = b.findElement(By.xpath("//dt[text()='issuer']/following-sibling::dd[1]"));
                if (width >= 1280) {
                    assertThat(dd.getLocation().getY())
                            .isEqualTo(dt.getLocation().getY());
                } else {
                    assertThat(dd.getLocation().getY())
                            .isGreaterThan(dt.getLocation().getY());
                }
                // The whole page, for the review of how it reads.
                long height = (Long) js.executeScript("return document.documentElement.scrollHeight");
                b.manage().window().setSize(new Dimension(width, (int) Math.min(4000, height + 140)));
                screenshot(b, "card-tls-" + width);
            }
        } finally {
            b.manage().window().setSize(before);
        }
    }

    @Test
    void theGroupsPageReadsOnAPhoneWithTargetNamesWhole() {
        // Issue 11, item 11: /groups at 390 px scrolls no sideways, and a target's name stays on its own line
        // instead of breaking letter by letter in a narrow column.
        WebDriver b = browser();
        Dimension before = b.manage().window().getSize();
        dev.mailtls.summary.GroupSummary s = dev.mailtls.testing.GroupSummaries.withChanges();
        List<dev.mailtls.summary.GroupRun> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 14; i++) {
            runs.add(i % 2 == 0 ? s.run() : s.previous());
        }
        GroupRuns groups = new GroupRuns() {
            @Override
            public java.util.Optional<dev.mailtls.summary.GroupSummary> runNow(String group, String requester) {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<List<dev.mailtls.summary.GroupRun>> history(String group, int limit) {
                return java.util.Optional.of(runs.subList(0, Math.min(limit, runs.size())));
            }

            @Override
            public List<String> names() {
                return List.of("mail-edge");
            }
        };
        try (TestServer t = TestServer.builder().groups(groups).build();
                WebServer web = t.web().start("127.0.0.1", 0)) {
            for (int width : new int[] {390, 1280}) {
                b.manage().window().setSize(new Dimension(width, 1000));
                b.get("http://127.0.0.1:" + web.port() + "/groups");
                JavascriptExecutor js = (JavascriptExecutor) b;
                long pageScroll = (Long) js.executeScript("return document.documentElement.scrollWidth");
                long pageWidth = (Long) js.executeScript("return document.documentElement.clientWidth");
                assertThat(pageScroll).as("page width at %d px", width).isLessThanOrEqualTo(pageWidth);
                List<WebElement> names = b.findElements(By.cssSelector("th[scope=row]"));
                assertThat(names).isNotEmpty();
                for (WebElement name : names) {
                    double line = Double.parseDouble(((String) js.executeScript(
                                    "const s = getComputedStyle(arguments[0]);"
                                            + " return s.lineHeight === 'normal' ? String(parseFloat(s.fontSize) * 1.2)"
                                            + " : String(parseFloat(s.lineHeight));",
                                    name))
                            .strip());
                    assertThat((double) name.getSize().getHeight())
                            .as("%s on one line at %d px", name.getText(), width)
                            .isLessThan(line * 1.9);
                }
                if (width == 390) {
                    // Each value is labelled with its column (the run's time, the status...).
                    assertThat(b.findElement(By.cssSelector("table.history tbody td"))
                                    .getDomAttribute("data-label"))
                            .matches("\\d{2}-\\d{2} \\d{2}:\\d{2}");
                }
                long height = (Long) js.executeScript("return document.documentElement.scrollHeight");
                b.manage().window().setSize(new Dimension(width, (int) Math.min(4000, height + 140)));
                screenshot(b, "groups-" + width);
            }
        } finally {
            b.manage().window().setSize(before);
        }
    }

    @Test
    void aHostileBannerIsShownAsTextAndRunsNothing() {
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP)
                        .greeting(WebPageTest.HOSTILE_GREETING)
                        .advertiseStartTls(false)
                        .start();
                TestServer t = TestServer.builder().build();
                WebServer web = t.web().start("127.0.0.1", 0)) {
            probe(web, "mail.test", Integer.toString(mail.port()));

            WebDriver b = browser();
            assertThat(b.findElement(By.cssSelector("div.card")).getText())
                    .contains(
                            "<script>alert(1)</script> <img src=x onerror=alert(1)> \"'& {{result}} </pre></section>");
            assertThat(b.findElements(By.tagName("script"))).isEmpty();
            assertThat(b.findElements(By.tagName("img"))).isEmpty();
            assertThat(b.findElements(By.cssSelector("section.result"))).hasSize(1);
            assertThatThrownBy(() -> b.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        }
    }

    @Test
    void aBadPortShowsTheProblemAndTheUsageOnThePage() {
        try (TestServer t = TestServer.builder().build();
                WebServer web = t.web().start("127.0.0.1", 0)) {
            probe(web, "mail.test", "99999");

            WebDriver b = browser();
            assertThat(b.findElement(By.cssSelector(".problem .status")).getText())
                    .contains("Invalid target or option", "HTTP 422");
            assertThat(b.findElement(By.cssSelector("pre.usage")).getText()).startsWith("usage: <host> [port]");
            assertThat(b.findElement(By.id("port")).getDomProperty("value")).isEqualTo("99999");
        }
    }

    @Test
    void theDomainFormWithItsDefaultsChecksTheDomainAndShowsItsCard() {
        try (ScriptedMailServer mail = ScriptedMailServer.builder(Protocol.SMTP)
                        .greeting("220 mail.test ESMTP beside the domain form")
                        .advertiseStartTls(false)
                        .start();
                TestServer t = TestServer.builder().domains(new DomainZone()).build();
                WebServer web = t.web().start("127.0.0.1", 0)) {
            WebDriver b = browser();
            b.get("http://127.0.0.1:" + web.port() + "/");
            // Only the domain is typed: the fresh box as it comes (unticked).
            b.findElement(By.id("domain")).sendKeys("mail.example");
            assertThat(b.findElement(By.id("domain-fresh")).isSelected()).isFalse();
            b.findElement(By.cssSelector("form[aria-labelledby=domain-heading] button[type=submit]"))
                    .click();
            new WebDriverWait(b, PAGE_WAIT)
                    .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".result")));
            assertThat(b.findElements(By.cssSelector(".problem"))).isEmpty();
            assertThat(b.getCurrentUrl()).endsWith("/#result");
            assertThat(b.findElement(By.cssSelector(".result .status")).getText())
                    .matches("(✅|⚠️|❌) mail\\.example — mail domain — .+");
            assertThat(b.findElement(By.cssSelector("div.card")).getText())
                    .contains("mx1.mail.example", "127.0.0.25", "MTA-STS", "TLS-RPT");
            assertThat(b.findElement(By.id("domain")).getDomProperty("value")).isEqualTo("mail.example");
            assertThat(b.findElement(By.linkText("link to this result")).getDomProperty("href"))
                    .isEqualTo("http://127.0.0.1:" + web.port() + "/?domain=mail.example");

            // The probe form beside it still probes with its own defaults.
            probeWithDefaults(web, "mail.test:" + mail.port());
            assertThat(b.findElement(By.cssSelector("div.card")).getText())
                    .contains("220 mail.test ESMTP beside the domain form");
        }
    }

    @Test
    void hostileDnsTextInTheDomainCardRunsNothing() {
        try (TestServer t = TestServer.builder().domains(new DomainZone()).build();
                WebServer web = t.web().start("127.0.0.1", 0)) {
            WebDriver b = browser();
            b.get("http://127.0.0.1:" + web.port() + "/?domain=hostile.example");
            new WebDriverWait(b, PAGE_WAIT)
                    .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".result")));
            String card = b.findElement(By.cssSelector("section.result")).getText();
            assertThat(card)
                    .contains("<img src=x onerror=alert(1)>", "<script>alert('tlsa')</script>", "\\u202E")
                    .contains("<script>alert('rpt')</script>");
            assertThat(b.findElements(By.tagName("script"))).isEmpty();
            assertThat(b.findElements(By.tagName("img"))).isEmpty();
            assertThat(b.findElements(By.tagName("b"))).isEmpty();
            assertThat(b.findElements(By.cssSelector("section.result"))).hasSize(1);
            assertThatThrownBy(() -> b.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        }
    }

    @Test
    void theDomainCardReadsAt390PixelsWithoutScrollingSideways() {
        WebDriver b = browser();
        Dimension before = b.manage().window().getSize();
        try (TestServer t = TestServer.builder().domains(new DomainZone()).build();
                WebServer web = t.web().start("127.0.0.1", 0)) {
            b.manage().window().setSize(new Dimension(390, 844));
            b.get("http://127.0.0.1:" + web.port() + "/?domain=mail.example");
            new WebDriverWait(b, PAGE_WAIT)
                    .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".result")));
            JavascriptExecutor js = (JavascriptExecutor) b;
            long pageScroll = (Long) js.executeScript("return document.documentElement.scrollWidth");
            long pageWidth = (Long) js.executeScript("return document.documentElement.clientWidth");
            assertThat(pageScroll).isLessThanOrEqualTo(pageWidth);
            js.executeScript("document.getElementById('result').scrollIntoView()");
            screenshot(b, "domain-card-390");
        } finally {
            b.manage().window().setSize(before);
        }
    }
}
