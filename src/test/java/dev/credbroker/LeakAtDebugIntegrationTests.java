package dev.credbroker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.credbroker.secrets.SecretKind;
import dev.credbroker.secrets.SecretKinds;
import dev.credbroker.support.AuditLog;
import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.Eventually;
import dev.credbroker.support.Http;
import dev.credbroker.support.TestIssuer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemProperty;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker at its most talkative, every logger at DEBUG in the JSON format production uses,
 * driven through every path a secret or a token could take: a fresh managed-identity token,
 * reveals, computes, a stale answer, evictions, ARM's 429 and 500s, an open circuit, an audit trail
 * that cannot be written, denials and refused tokens. No secret value, token, or any
 * {@value #FRAGMENT}-character piece of one, appears in a log line, in the audit trail, or in a
 * response other than as the value a caller was allowed to reveal.
 * <p>
 * A context of its own: the JSON format is set at startup, the cache must let answers go stale at
 * once, the circuit must open within a few calls, and the identity is one no other test uses, so
 * that its token is fetched inside the capture (MSAL caches managed-identity tokens per JVM).
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		// Here, not with the dynamic properties below: logging is set up before those are added.
		properties = "logging.structured.format.console=ecs")
class LeakAtDebugIntegrationTests {

	/** Long enough that a match is no accident, short enough to find a value cut up. */
	private static final int FRAGMENT = 8;

	private static final String CLIENT_ID = "00000000-0000-4000-8000-00000000cafe";

	/** The broker's two HMAC keys, random per run: secrets too, which nothing may show. */
	private static final String CHAIN_KEY = UUID.randomUUID() + "-" + UUID.randomUUID();

	private static final String FINGERPRINT_KEY = UUID.randomUUID() + "-" + UUID.randomUUID();

	private static final Path auditFile = Path.of(AuditLog.scratchFile());

	private static final String STRUCTURED_FORMAT_PROPERTY = LoggingSystemProperty.CONSOLE_STRUCTURED_FORMAT
		.getEnvironmentVariableName();

	/** Read when the class is loaded, before its context sets it. */
	private static final String structuredFormatBefore = System.getProperty(STRUCTURED_FORMAT_PROPERTY);

	private static final String KEYS = "/api/v1/subscriptions/" + AzureStandIn.SUBSCRIPTION
			+ "/resourceGroups/rg-leak/workspaces/";

	private static final JsonMapper json = JsonMapper.builder().build();

	/**
	 * The loggers of what shares the JVM without being part of the broker: the stand-ins (WireMock
	 * logs what it serves, secrets included) and the tests' own HTTP client, the JDK's, which the
	 * broker does not use (it calls out through Reactor Netty, and azure-identity through
	 * azure-core-http-netty).
	 */
	private static final List<String> NOT_THE_BROKER = List.of("wiremock", "com.github.tomakehurst.wiremock",
			"no.nav.security.mock.oauth2", "mockwebserver3", "jdk.internal.httpclient");

	@DynamicPropertySource
	static void brokerProperties(DynamicPropertyRegistry registry) {
		registry.add("broker.security.issuers", () -> TestIssuer.issuer(TestIssuer.TRUSTED));
		registry.add("broker.security.audiences", () -> TestIssuer.AUDIENCE);
		registry.add("broker.arm.endpoint", AzureStandIn::armEndpoint);
		registry.add("broker.policy.location", () -> "classpath:dev/credbroker/leak-policies.yaml");
		registry.add("broker.audit.sink", () -> "file");
		registry.add("broker.audit.file.path", auditFile::toString);
		registry.add("broker.audit.chain-key", () -> CHAIN_KEY);
		registry.add("broker.redaction.fingerprint-key", () -> FINGERPRINT_KEY);
		registry.add("spring.cloud.azure.credential.managed-identity-enabled", () -> "true");
		registry.add("spring.cloud.azure.credential.client-id", () -> CLIENT_ID);
		// Every answer is stale the moment after it is cached, and may be served stale for an hour.
		registry.add("broker.cache.ttl", () -> "1ms");
		registry.add("broker.cache.max-stale", () -> "1h");
		registry.add("resilience4j.retry.instances.arm.wait-duration", () -> "20ms");
		registry.add("resilience4j.timelimiter.instances.arm.timeout-duration", () -> "10s");
		// Opens on the failing calls at the end, not before the 429 has been answered.
		registry.add("resilience4j.circuitbreaker.instances.arm.sliding-window-size", () -> "50");
		registry.add("resilience4j.circuitbreaker.instances.arm.minimum-number-of-calls", () -> "20");
		registry.add("broker.arm.budget.rate-per-second", () -> "1000");
		registry.add("broker.arm.budget.burst", () -> "1000");
	}

	@LocalServerPort
	private int port;

	@Autowired
	private CircuitBreakerRegistry circuitBreakers;

	private Http http;

	private final List<Http.Response> responses = new ArrayList<>();

	private final Map<String, LogLevel> levelsBefore = new LinkedHashMap<>();

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
		AzureStandIn.reset();
	}

	@AfterEach
	void restoreLogLevels() {
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		this.levelsBefore.forEach(logging::setLogLevel);
	}

	/**
	 * Logging is one per JVM, and this context switched it to JSON: the contexts cached before it
	 * would go on logging JSON for the rest of the run, and Spring Boot also leaves the format in a
	 * system property that every later context would take up. Set up again as the others set it up,
	 * plain, with the levels the configuration names.
	 */
	@AfterAll
	static void plainLogsAgain(@Autowired ConfigurableEnvironment environment) {
		if (structuredFormatBefore == null) {
			System.clearProperty(STRUCTURED_FORMAT_PROPERTY);
		}
		StandardEnvironment plain = new StandardEnvironment();
		plain.getPropertySources()
			.addFirst(new MapPropertySource("plain-logs", Map.of("logging.structured.format.console", "")));
		environment.getPropertySources()
			.stream()
			.filter((source) -> !plain.getPropertySources().contains(source.getName()))
			.forEach(plain.getPropertySources()::addLast);
		LoggingSystem logging = LoggingSystem.get(LeakAtDebugIntegrationTests.class.getClassLoader());
		logging.cleanUp();
		logging.beforeInitialize();
		logging.initialize(new LoggingInitializationContext(plain), null, null);
		Binder.get(plain)
			.bind("logging.level", Bindable.mapOf(String.class, LogLevel.class))
			.ifBound((levels) -> levels.forEach(logging::setLogLevel));
	}

	@Test
	void noSecretOrTokenAnywhereButInRevealedFields(CapturedOutput output) throws IOException {
		Secrets secrets = new Secrets();
		String reader = TestIssuer.token(TestIssuer.TRUSTED, "svc-leak-reader", Map.of("roles", List.of("readers")));
		String outsider = TestIssuer.token(TestIssuer.TRUSTED, "svc-leak-outsider",
				Map.of("roles", List.of("outsiders")));
		String stranger = TestIssuer.token(TestIssuer.STRANGER, "svc-leak-stranger", Map.of("roles", List.of("readers")));
		debugEverything();
		int logStart = output.getAll().length();

		// The first ARM call of this context: its credential fetches a token now, inside the capture.
		workspace("ws-a", okJson(secrets.workspace()));
		get(KEYS + "ws-a/keys?reveal=notebook.primaryAccessKey", reader);
		for (String compute : List.of("aks", "databricks", "vm")) {
			AzureStandIn.stubComputeKeys("rg-leak", "ws-a", "c-" + compute, okJson(secrets.compute(compute)));
			get(KEYS + "ws-a/computes/c-" + compute + "/keys", reader);
		}
		below(SecretKinds.ONLINE_ENDPOINT, "ep-a", okJson(secrets.endpointKeys()));
		get(KEYS + "ws-a/onlineEndpoints/ep-a/keys", reader);
		below(SecretKinds.ONLINE_ENDPOINT_TOKEN, "ep-a", okJson(secrets.token()));
		get(KEYS + "ws-a/onlineEndpoints/ep-a/token", reader);
		below(SecretKinds.CONNECTION, "conn-a", okJson(secrets.connection()));
		get(KEYS + "ws-a/connections/conn-a/secrets", reader);
		below(SecretKinds.DATASTORE, "ds-a", okJson(secrets.datastore()));
		get(KEYS + "ws-a/datastores/ds-a/secrets", reader);
		below(SecretKinds.CONNECTION, "conn-b", aResponse().withStatus(403)
			.withHeader("Content-Type", "application/json")
			.withBody(secrets.armError("AuthorizationFailed")));
		get(KEYS + "ws-a/connections/conn-b/secrets", reader);
		Http.Response unrecorded = unrecorded(() -> this.http.get(KEYS + "ws-a/keys?reveal=notebook.primaryAccessKey",
				reader));
		Http.Response evicted = post("/api/v1/cache/evictions",
				"{\"resourceId\":\"" + AzureStandIn.workspacePath("rg-leak", "ws-a") + "\"}", reader);
		post("/api/v1/cache/evictions", "{\"resourceId\":\"" + AzureStandIn.workspacePath("rg-leak", "ws-a") + "\"}",
				outsider);
		get(KEYS + "ws-a/computes/c-aks/keys", outsider);
		get(KEYS + "ws-a/keys", stranger);
		get(KEYS + "ws-a/keys", "not-a-token-" + secrets.random(16));
		workspace("ws-b", okJson(secrets.workspace()));
		get(KEYS + "ws-b/keys", reader);
		workspace("ws-b", aResponse().withStatus(500)
			.withHeader("Content-Type", "application/json")
			.withBody(secrets.armError("InternalServerError")));
		Http.Response stale = Eventually.value("a stale answer", () -> this.http.get(KEYS + "ws-b/keys", reader),
				(response) -> response.status() == 200 && response.json().get("stale").asBoolean());
		this.responses.add(stale);
		workspace("ws-c", aResponse().withStatus(429)
			.withHeader("Retry-After", "1")
			.withHeader("Content-Type", "application/json")
			.withBody(secrets.armError("SubscriptionRequestsThrottled")));
		Http.Response throttled = get(KEYS + "ws-c/keys", reader);
		workspace("ws-d", aResponse().withStatus(500)
			.withHeader("Content-Type", "application/json")
			.withBody(secrets.armError("InternalServerError")));
		Http.Response heldBack = Eventually.value("the circuit opens", () -> get(KEYS + "ws-d/keys", reader),
				(response) -> response.status() == 503 && response.body().contains("circuit-open"));
		assertThat(this.circuitBreakers.circuitBreaker("arm").getState()).isEqualTo(CircuitBreaker.State.OPEN);

		AzureStandIn.server().verify(1, getRequestedFor(urlPathEqualTo("/msi/token")));
		assertThat(this.responses).extracting(Http.Response::status)
			.startsWith(200, 200, 200, 200, 200, 200, 200, 200, 502, 200, 403, 403, 401, 401, 200, 200, 503);
		assertThat(evicted.json().get("evicted").asBoolean()).isTrue();
		assertThat(stale.header("Age")).isPresent();
		assertThat(throttled.json().get("code").asString()).isEqualTo("UpstreamUnavailable");
		assertThat(listKeysCalls("ws-c")).as("ARM calls answered 429").isPositive();
		assertThat(unrecorded.status()).isEqualTo(503);
		assertThat(unrecorded.json().get("code").asString()).isEqualTo("AuditUnavailable");
		assertThat(heldBack.json().get("heldBack").asString()).isEqualTo("circuit-open");
		String logs = output.getAll().substring(logStart);
		assertThat(logs).as("the broker's own DEBUG lines").contains("Decision on ");
		assertThat(logs).as("a library's DEBUG lines").contains("org.springframework.security");
		assertThat(logs.lines().filter((line) -> !line.isBlank())).as("log lines not in ECS JSON")
			.filteredOn((line) -> !isEcsJson(line))
			.isEmpty();
		Set<String> tokens = Set.of(reader, outsider, stranger, AzureStandIn.MANAGED_IDENTITY_TOKEN);
		Set<String> pieces = new LinkedHashSet<>(secrets.fragments());
		for (String token : List.of(reader, outsider, stranger)) {
			pieces.addAll(fragments(token.substring(token.lastIndexOf('.') + 1)));
		}
		pieces.addAll(fragments(AzureStandIn.MANAGED_IDENTITY_TOKEN.substring("mi-token-".length())));
		pieces.addAll(fragments(CHAIN_KEY));
		pieces.addAll(fragments(FINGERPRINT_KEY));
		String audit = Files.readString(auditFile);
		assertThat(audit).isNotEmpty();
		assertNothingOf(secrets.values(), tokens, pieces, logs, "logs");
		assertNothingOf(secrets.values(), tokens, pieces, audit, "audit trail");
		List<Http.Response> all = new ArrayList<>(this.responses);
		all.add(unrecorded);
		int revealed = 0;
		for (Http.Response response : all) {
			String body = response.body();
			for (String value : response.revealedValues()) {
				body = body.replace("\"value\":" + json.writeValueAsString(value), "\"value\":\"(revealed)\"");
				// Fields that are not secret, such as a token's type, are values too.
				if (secrets.values().contains(value)) {
					revealed++;
				}
			}
			String where = "response to " + response.raw().request().method() + " " + response.raw().uri();
			assertNothingOf(secrets.values(), tokens, pieces, body, where);
			assertNothingOf(secrets.values(), tokens, pieces, response.raw().headers().map().toString(), where);
		}
		assertThat(revealed).as("the allowed reveal did reveal").isEqualTo(1);
	}

	private static boolean isEcsJson(String line) {
		try {
			return json.readTree(line).has("@timestamp");
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private void debugEverything() {
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		for (String name : List.of(LoggingSystem.ROOT_LOGGER_NAME, "dev.credbroker")) {
			LoggerConfiguration configuration = logging.getLoggerConfiguration(name);
			this.levelsBefore.put(name, (configuration != null) ? configuration.getConfiguredLevel() : null);
			logging.setLogLevel(name, LogLevel.DEBUG);
		}
		for (String name : NOT_THE_BROKER) {
			LoggerConfiguration configuration = logging.getLoggerConfiguration(name);
			this.levelsBefore.put(name, (configuration != null) ? configuration.getConfiguredLevel() : null);
			logging.setLogLevel(name, LogLevel.INFO);
		}
	}

	/** Sends a request while the audit trail cannot be written, then makes it writable again. */
	private Http.Response unrecorded(java.util.function.Supplier<Http.Response> request) throws IOException {
		Path aside = auditFile.resolveSibling("aside.jsonl");
		Files.move(auditFile, aside);
		Files.createDirectory(auditFile);
		try {
			return request.get();
		}
		finally {
			Files.delete(auditFile);
			Files.move(aside, auditFile);
		}
	}

	private static void assertNothingOf(Set<String> secrets, Set<String> tokens, Set<String> pieces, String text,
			String where) {
		assertThat(secrets).as("secret values in the %s", where).filteredOn(text::contains).isEmpty();
		assertThat(tokens).as("tokens in the %s", where).filteredOn(text::contains).isEmpty();
		assertThat(pieces).as("pieces of secrets or tokens in the %s", where).filteredOn(text::contains).isEmpty();
	}

	private void below(SecretKind<?> kind, String name, ResponseDefinitionBuilder response) {
		AzureStandIn.stub(kind, "rg-leak", "ws-a", name, response);
	}

	private void workspace(String name, ResponseDefinitionBuilder response) {
		AzureStandIn.stubWorkspaceKeys("rg-leak", name, response);
	}

	private Http.Response get(String path, String token) {
		Http.Response response = this.http.get(path, token);
		this.responses.add(response);
		return response;
	}

	private Http.Response post(String path, String body, String token) {
		Http.Response response = this.http.post(path, body, token);
		this.responses.add(response);
		return response;
	}

	private static int listKeysCalls(String workspace) {
		return AzureStandIn.server()
			.countRequestsMatching(
					postRequestedFor(urlPathEqualTo(AzureStandIn.workspacePath("rg-leak", workspace) + "/listKeys"))
						.build())
			.getCount();
	}

	/** Every {@value #FRAGMENT}-character piece of a random value. */
	private static List<String> fragments(String value) {
		List<String> fragments = new ArrayList<>();
		for (int i = 0; i + FRAGMENT <= value.length(); i++) {
			fragments.add(value.substring(i, i + FRAGMENT));
		}
		return fragments;
	}

	/**
	 * The simulated Azure's secrets, random for each run, so that a piece of one found anywhere
	 * cannot have come from elsewhere.
	 */
	private static final class Secrets {

		/** Every value Azure sends, whole, as text and as JSON escapes it. */
		private final Set<String> values = new LinkedHashSet<>();

		/** The random material in them, in which any piece found is a leak. */
		private final Set<String> random = new LinkedHashSet<>();

		String workspace() {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("userStorageKey", secret(64));
			body.put("userStorageResourceId", value("/subscriptions/" + AzureStandIn.SUBSCRIPTION
					+ "/resourceGroups/rg-leak/providers/Microsoft.Storage/storageAccounts/st" + hex(10)));
			body.put("appInsightsInstrumentationKey", uuid());
			body.put("containerRegistryCredentials", Map.of("location", "westeurope", "username", value("acr" + hex(10)),
					"passwords", List.of(Map.of("name", "password", "value", secret(32)),
							Map.of("name", "password2", "value", secret(32)))));
			body.put("notebookAccessKeys", Map.of("primaryAccessKey", secret(32), "secondaryAccessKey", secret(32)));
			return json.writeValueAsString(body);
		}

		String compute(String type) {
			Map<String, Object> body = new LinkedHashMap<>();
			switch (type) {
				case "aks" -> {
					body.put("computeType", "AKS");
					body.put("userKubeConfig", value(kubeconfig()));
					body.put("adminKubeConfig", value(kubeconfig()));
					body.put("imagePullSecretName", value("pull-" + hex(12)));
				}
				case "databricks" -> {
					body.put("computeType", "Databricks");
					body.put("databricksAccessToken", value("dapi" + hex(32)));
				}
				default -> {
					body.put("computeType", "VirtualMachine");
					body.put("administratorAccount", Map.of("username", value("admin" + hex(8)), "password", secret(24),
							"publicKeyData", value("ssh-rsa " + randomMaterial(256) + " admin"),
							"privateKeyData", value("-----BEGIN OPENSSH PRIVATE KEY-----\n" + randomMaterial(400)
									+ "\n-----END OPENSSH PRIVATE KEY-----\n")));
				}
			}
			return json.writeValueAsString(body);
		}

		String endpointKeys() {
			return json.writeValueAsString(Map.of("primaryKey", secret(32), "secondaryKey", secret(32)));
		}

		/** A token: its value secret, its type and times not, so shown in clear and not counted here. */
		String token() {
			long now = java.time.Instant.now().getEpochSecond();
			return json.writeValueAsString(Map.of("accessToken", value("eyJ" + randomMaterial(600)), "tokenType",
					"Bearer", "expiryTimeUtc", now + 3600, "refreshAfterTimeUtc", now + 1800));
		}

		/** An OAuth2 connection, the auth type with the most secrets. */
		String connection() {
			Map<String, Object> credentials = new LinkedHashMap<>();
			credentials.put("authUrl", "https://login.example.com/oauth2/auth");
			credentials.put("clientId", UUID.randomUUID().toString());
			credentials.put("clientSecret", secret(32));
			credentials.put("developerToken", secret(24));
			credentials.put("password", secret(16));
			credentials.put("refreshToken", secret(48));
			credentials.put("tenantId", UUID.randomUUID().toString());
			credentials.put("username", "robot");
			return json.writeValueAsString(Map.of("id", "/connections/conn-a", "properties",
					Map.of("authType", "OAuth2", "category", "GoogleAdWords", "target", "https://ads.example.com",
							"credentials", credentials)));
		}

		String datastore() {
			return json.writeValueAsString(
					Map.of("secretsType", "Sas", "sasToken", value("sv=2025-01-01&sig=" + randomMaterial(32))));
		}

		/** An ARM error whose message carries a value, as a careless upstream might. */
		String armError(String code) {
			return json.writeValueAsString(
					Map.of("error", Map.of("code", code, "message", value("upstream said " + randomMaterial(24)))));
		}

		String random(int bytes) {
			return randomMaterial(bytes);
		}

		Set<String> values() {
			Set<String> all = new LinkedHashSet<>(this.values);
			for (String value : this.values) {
				String quoted = json.writeValueAsString(value);
				all.add(quoted.substring(1, quoted.length() - 1));
			}
			return all;
		}

		List<String> fragments() {
			return this.random.stream().flatMap((value) -> LeakAtDebugIntegrationTests.fragments(value).stream()).toList();
		}

		private String kubeconfig() {
			return "apiVersion: v1\nkind: Config\nusers:\n- name: clusterUser\n  user:\n    client-key-data: "
					+ randomMaterial(300) + "\n    token: " + randomMaterial(48) + "\n";
		}

		private String secret(int bytes) {
			return value(randomMaterial(bytes));
		}

		private String uuid() {
			return value(material(UUID.randomUUID().toString()));
		}

		private String hex(int bytes) {
			byte[] random = new byte[bytes];
			ThreadLocalRandom.current().nextBytes(random);
			return material(HexFormat.of().formatHex(random));
		}

		private String randomMaterial(int bytes) {
			byte[] random = new byte[bytes];
			ThreadLocalRandom.current().nextBytes(random);
			return material(Base64.getEncoder().encodeToString(random));
		}

		private String material(String random) {
			this.random.add(random);
			return random;
		}

		private String value(String value) {
			this.values.add(value);
			return value;
		}

	}

}
