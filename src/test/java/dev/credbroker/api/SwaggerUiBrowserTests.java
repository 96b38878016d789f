package dev.credbroker.api;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import dev.credbroker.IntegrationTest;
import dev.credbroker.support.AzureStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A person's path through the Swagger UI, in headless Chromium: authorize with a token from the
 * issuer, execute the workspace keys call, and see the 200 with a redacted view. Debian's chromium
 * and chromium-driver packages, no driver download; skipped, saying why, only where they are absent.
 */
class SwaggerUiBrowserTests extends IntegrationTest {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	@LocalServerPort
	private int port;

	private WebDriver browser;

	private Path profile;

	@BeforeEach
	void startBrowser() throws IOException {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"Chromium is absent: install Debian's chromium and chromium-driver packages to run this test");
		this.profile = Files.createTempDirectory("chromium-profile");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--window-size=1400,2000", "--user-data-dir=" + this.profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
	}

	@AfterEach
	void stopBrowser() throws IOException {
		if (this.browser != null) {
			screenshot();
			this.browser.quit();
		}
	}

	@Test
	void authorizeAndExecuteTheWorkspaceKeysCall() throws IOException {
		AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws1",
				AzureStandIn.fixture("workspace-list-keys-2024-10-01.json"));
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(30));
		this.browser.get("http://localhost:" + this.port + "/swagger-ui.html");

		wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.authorize"))).click();
		WebElement tokenField = wait
			.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".modal-ux input[type='text']")));
		tokenField.sendKeys(token());
		this.browser.findElement(By.cssSelector(".modal-ux .auth-btn-wrapper button.authorize")).click();
		wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".modal-ux button.btn-done"))).click();

		WebElement operation = wait.until(ExpectedConditions.presenceOfElementLocated(
				By.cssSelector("div.opblock[id$='-workspaceKeys']")));
		operation.findElement(By.cssSelector(".opblock-summary")).click();
		wait.until(ExpectedConditions.elementToBeClickable(operation.findElement(By.cssSelector("button.try-out__btn"))))
			.click();
		fill(operation, "subscriptionId", AzureStandIn.SUBSCRIPTION);
		fill(operation, "resourceGroupName", "rg-alpha-1");
		fill(operation, "workspaceName", "ws1");
		// The UI pre-fills the optional parameters with their examples; this call asks for neither.
		fill(operation, "fields", "");
		fill(operation, "reveal", "");
		operation.findElement(By.cssSelector("button.execute")).click();

		By responseBody = By.cssSelector("div.opblock[id$='-workspaceKeys'] .live-responses-table tbody .highlight-code");
		wait.until(ExpectedConditions.textToBePresentInElementLocated(responseBody, "redacted"));
		String status = operation.findElement(By.cssSelector(".live-responses-table tbody .response-col_status"))
			.getText();
		String body = this.browser.findElement(responseBody).getText();

		assertThat(status).startsWith("200");
		assertThat(body).contains("\"redacted\": true", "containerRegistry.passwords.password2", "hmac-sha256:")
			.doesNotContain("0KARRQoQHSUq1yViPWg7YFernOS=Ic/t");
	}

	private static void fill(WebElement operation, String parameter, String value) {
		WebElement input = operation.findElement(By.cssSelector("tr[data-param-name='" + parameter + "'] input"));
		input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
		input.sendKeys(value);
	}

	private void screenshot() throws IOException {
		File shot = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.FILE);
		Path target = Path.of("target", "swagger-ui-workspace-keys.png");
		Files.createDirectories(target.getParent());
		Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
	}

}
