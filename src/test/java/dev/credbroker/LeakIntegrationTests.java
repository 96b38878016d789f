package dev.credbroker;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.credbroker.secrets.SecretKind;
import dev.credbroker.secrets.SecretKinds;
import dev.credbroker.support.AuditLog;
import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.Fixtures;
import dev.credbroker.support.Http;
import dev.credbroker.support.TestIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.credbroker.support.AzureStandIn.SUBSCRIPTION;
import static dev.credbroker.support.AzureStandIn.armError;
import static dev.credbroker.support.AzureStandIn.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives every endpoint through every outcome while capturing every log line, the audit trail and
 * every response, and finds no simulated secret value, no managed-identity token and no caller
 * token anywhere except in the fields a response revealed. At the default log level and at DEBUG
 * for the broker's packages.
 */
@ExtendWith(OutputCaptureExtension.class)
class LeakIntegrationTests extends IntegrationTest {

	private static final String KEYS = "/api/v1/subscriptions/" + SUBSCRIPTION + "/resourceGroups/rg-alpha-1/workspaces/";

	private static final JsonMapper json = JsonMapper.builder().build();

	/** The fixtures of the kinds beyond workspaces and computes, every shape. */
	private static final List<String> NEW_KIND_FIXTURES = List.of("online-endpoint-list-keys.json",
			"online-endpoint-list-keys-nulls.json", "online-endpoint-get-token.json",
			"online-endpoint-get-token-nulls.json", "batch-endpoint-list-keys.json",
			"serverless-endpoint-list-keys.json", "connection-list-secrets-access-key.json",
			"connection-list-secrets-account-key.json", "connection-list-secrets-api-key.json",
			"connection-list-secrets-custom-keys.json", "connection-list-secrets-managed-identity.json",
			"connection-list-secrets-oauth2.json", "connection-list-secrets-pat.json", "connection-list-secrets-sas.json",
			"connection-list-secrets-service-principal.json", "connection-list-secrets-username-password.json",
			"connection-list-secrets-aad.json", "connection-list-secrets-none.json",
			"connection-list-secrets-unknown-auth-type.json", "connection-list-secrets-nulls.json",
			"datastore-list-secrets-account-key.json", "datastore-list-secrets-certificate.json",
			"datastore-list-secrets-sas.json", "datastore-list-secrets-service-principal.json",
			"datastore-list-secrets-unknown-type.json", "datastore-list-secrets-nulls.json");

	/** Members whose values are secret, in the payloads of those kinds. */
	private static final Set<String> SECRET_MEMBERS = Set.of("primaryKey", "secondaryKey", "accessToken", "key",
			"keys", "secretAccessKey", "clientSecret", "developerToken", "password", "refreshToken", "pat", "sas",
			"securityToken", "certificate", "sasToken");

	private final List<Http.Response> responses = new ArrayList<>();

	@AfterEach
	void restoreLogLevel() {
		LoggingSystem.get(getClass().getClassLoader()).setLogLevel("dev.credbroker", null);
	}

	@ParameterizedTest
	@EnumSource(value = LogLevel.class, names = { "INFO", "DEBUG" })
	void noSecretAnywhereButInRevealedFields(LogLevel level, CapturedOutput output) {
		LoggingSystem.get(getClass().getClassLoader()).setLogLevel("dev.credbroker", level);
		int auditStart = AuditLog.text().length();
		String alpha = TestIssuer.token(TestIssuer.TRUSTED, "svc-team-alpha", Map.of("roles", List.of("team-alpha")));
		String platform = token();
		String stranger = TestIssuer.token(TestIssuer.STRANGER, "svc-x", Map.of());
		String connections = TestIssuer.token(TestIssuer.TRUSTED, "svc-team-connections",
				Map.of("roles", List.of("team-connections")));

		workspace("ws-ok", fixture("workspace-list-keys-all-fields.json"));
		get(KEYS + "ws-ok/keys", platform);
		get(KEYS + "ws-ok/keys?reveal=containerRegistry.passwords.password2,notebook.primaryAccessKey", alpha);
		get(KEYS + "ws-ok/keys?reveal=userStorageKey", alpha);
		get(KEYS.replace("rg-alpha-1", "rg-beta") + "ws-ok/keys", alpha);
		get(KEYS + "ws-ok/keys", stranger);
		get(KEYS + "ws-ok/keys", null);
		for (String compute : List.of("aks", "databricks", "virtual-machine")) {
			AzureStandIn.stubComputeKeys("rg-alpha-1", "ws-ok", "c-" + compute.substring(0, 3),
					fixture("compute-list-keys-" + compute + ".json"));
			get(KEYS + "ws-ok/computes/c-" + compute.substring(0, 3) + "/keys", platform);
		}
		workspace("ws-403", armError(403, "arm-error-authorization-failed.json"));
		get(KEYS + "ws-403/keys", platform);
		workspace("ws-404", armError(404, "arm-error-not-found.json"));
		get(KEYS + "ws-404/keys", platform);
		workspace("ws-500", armError(500, "arm-error-internal.json"));
		get(KEYS + "ws-500/keys", platform);
		workspace("ws-429", aResponse().withStatus(429)
			.withHeader("Retry-After", "3")
			.withBody("{\"error\":{\"code\":\"SubscriptionRequestsThrottled\",\"message\":\"leaky-secret-in-429-0001\"}}"));
		get(KEYS + "ws-429/keys", platform);
		workspace("ws-bad", aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"userStorageKey\": \"half-a-secret-0001\", \"containerRegistryCredentials\": "));
		get(KEYS + "ws-bad/keys", platform);
		workspace("ws-slow", fixture("workspace-list-keys-all-fields.json").withFixedDelay(3000));
		get(KEYS + "ws-slow/keys", platform);
		// The kinds beyond workspaces and computes, every shape; then each failure, on a connection.
		for (String fixture : NEW_KIND_FIXTURES) {
			SecretKind<?> kind = kindOf(fixture);
			String name = "leak-" + Integer.toHexString(fixture.hashCode());
			AzureStandIn.stub(kind, "rg-alpha-1", "ws-ok", name, fixture(fixture));
			get(KEYS + "ws-ok/" + kind.path().get(3).keyword() + "/" + name + "/" + kind.endpoint(), platform);
		}
		AzureStandIn.stub(SecretKinds.CONNECTION, "rg-alpha-1", "ws-ok", "leak-reveal",
				fixture("connection-list-secrets-api-key.json"));
		get(KEYS + "ws-ok/connections/leak-reveal/secrets?reveal=connection.credentials.key", connections);
		get(KEYS + "ws-ok/connections/leak-reveal/secrets?reveal=connection.credentials.pat", connections);
		connection("conn-403", armError(403, "arm-error-authorization-failed.json"));
		connection("conn-404", armError(404, "arm-error-not-found.json"));
		connection("conn-500", armError(500, "arm-error-internal.json"));
		connection("conn-429", aResponse().withStatus(429)
			.withHeader("Retry-After", "3")
			.withBody("{\"error\":{\"code\":\"SubscriptionRequestsThrottled\",\"message\":\"leaky-secret-in-429-0001\"}}"));
		connection("conn-bad", aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"properties\": {\"authType\": \"ApiKey\", \"credentials\": {\"key\": \"half-a-connection-key-0001\""));
		for (String name : List.of("conn-403", "conn-404", "conn-500", "conn-429", "conn-bad")) {
			get(KEYS + "ws-ok/connections/" + name + "/secrets", platform);
		}
		AzureStandIn.stub(SecretKinds.ONLINE_ENDPOINT_TOKEN, "rg-alpha-1", "ws-ok", "slow-token",
				fixture("online-endpoint-get-token.json").withFixedDelay(3000));
		get(KEYS + "ws-ok/onlineEndpoints/slow-token/token", platform);
		get("/api/v1/me", alpha);
		get("/api/v1/policy/decision?resourceId=" + AzureStandIn.workspacePath("rg-alpha-1", "ws-ok")
				+ "&reveal=notebook.primaryAccessKey", alpha);
		get(KEYS + "-bad/keys", alpha);

		Set<String> secrets = secrets();
		Set<String> tokens = Set.of(AzureStandIn.MANAGED_IDENTITY_TOKEN, alpha, platform, stranger, connections,
				signature(alpha), signature(platform), signature(connections));
		String logs = output.getAll();
		String audit = AuditLog.text().substring(auditStart);
		assertThat(audit).isNotEmpty();
		List<Integer> newKinds = NEW_KIND_FIXTURES.stream().map((fixture) -> 200).toList();
		List<Integer> statuses = new ArrayList<>(List.of(200, 200, 403, 403, 401, 401, 200, 200, 200, 502, 404, 503, 503,
				502, 504));
		statuses.addAll(newKinds);
		statuses.addAll(List.of(200, 403, 502, 404, 503, 503, 502, 504, 200, 200, 400));
		assertThat(this.responses).extracting(Http.Response::status).containsExactlyElementsOf(statuses);
		// The broker's own DEBUG lines are in the capture when, and only when, DEBUG is on.
		assertThat(logs.contains("Decision on ")).isEqualTo(level == LogLevel.DEBUG);
		for (String secret : secrets) {
			assertThat(logs).as("logs at %s", level).doesNotContain(secret);
			assertThat(audit).as("audit").doesNotContain(secret);
		}
		for (String token : tokens) {
			assertThat(logs).as("logs at %s", level).doesNotContain(token);
			assertThat(audit).as("audit").doesNotContain(token);
		}
		int revealed = 0;
		for (Http.Response response : this.responses) {
			String body = response.body();
			for (String value : response.revealedValues()) {
				body = body.replace("\"value\":" + json.writeValueAsString(value), "\"value\":\"(revealed)\"");
				// Fields that are not secret, such as a token's type, are values too.
				if (secrets.contains(value)) {
					revealed++;
				}
			}
			for (String secret : secrets) {
				assertThat(body).as("response %s", response.raw().uri()).doesNotContain(secret);
			}
			for (String token : tokens) {
				assertThat(body).doesNotContain(token);
				assertThat(response.raw().headers().map().toString()).doesNotContain(token);
			}
		}
		assertThat(revealed).as("the reveals that were allowed did reveal").isEqualTo(3);
	}

	private void connection(String name, ResponseDefinitionBuilder response) {
		AzureStandIn.stub(SecretKinds.CONNECTION, "rg-alpha-1", "ws-ok", name, response);
	}

	private static SecretKind<?> kindOf(String fixture) {
		if (fixture.startsWith("online-endpoint-get-token")) {
			return SecretKinds.ONLINE_ENDPOINT_TOKEN;
		}
		if (fixture.startsWith("online-endpoint")) {
			return SecretKinds.ONLINE_ENDPOINT;
		}
		if (fixture.startsWith("batch-endpoint")) {
			return SecretKinds.BATCH_ENDPOINT;
		}
		if (fixture.startsWith("serverless-endpoint")) {
			return SecretKinds.SERVERLESS_ENDPOINT;
		}
		return fixture.startsWith("connection") ? SecretKinds.CONNECTION : SecretKinds.DATASTORE;
	}

	private void workspace(String name, ResponseDefinitionBuilder response) {
		AzureStandIn.stubWorkspaceKeys("rg-alpha-1", name, response);
	}

	private void get(String path, String token) {
		this.responses.add(this.http.get(path, token));
	}

	/** Every value the simulated Azure holds or sends back in an error, as text and as JSON escapes it. */
	private static Set<String> secrets() {
		Set<String> secrets = new LinkedHashSet<>();
		for (String fixture : List.of("workspace-list-keys-all-fields.json", "compute-list-keys-aks.json",
				"compute-list-keys-databricks.json", "compute-list-keys-virtual-machine.json")) {
			collect(json.readTree(Fixtures.azure(fixture)), secrets);
		}
		secrets.removeIf((value) -> List.of("AKS", "Databricks", "VirtualMachine", "password", "password2")
			.contains(value));
		for (String fixture : NEW_KIND_FIXTURES) {
			collectSecretMembers(json.readTree(Fixtures.azure(fixture)), false, secrets);
		}
		secrets.addAll(List.of("leaky-secret-in-message-0001", "leaky-secret-in-info-0001", "leaky-secret-in-500-0001",
				"leaky-secret-in-429-0001", "half-a-secret-0001", "half-a-connection-key-0001"));
		Set<String> escaped = new LinkedHashSet<>();
		for (String secret : secrets) {
			String quoted = json.writeValueAsString(secret);
			escaped.add(quoted.substring(1, quoted.length() - 1));
		}
		secrets.addAll(escaped);
		return secrets;
	}

	/**
	 * The values of the members Azure's specification (or the broker, where it marks none) holds
	 * secret, whatever their kind, and of every member of an auth type or secrets type the broker
	 * does not know; not the others, which the broker shows in clear.
	 */
	private static void collectSecretMembers(JsonNode node, boolean secret, Set<String> values) {
		if (node.isString() && secret) {
			values.add(node.asString());
		}
		boolean unknownAuthType = node.has("authType") && node.get("authType").asString().startsWith("Agentic");
		boolean unknownSecretsType = node.has("secretsType")
				&& node.get("secretsType").asString().equals("ManagedIdentityToken");
		node.properties().forEach((member) -> collectSecretMembers(member.getValue(),
				secret || SECRET_MEMBERS.contains(member.getKey())
						|| unknownAuthType && member.getKey().equals("credentials")
						|| unknownSecretsType && !member.getKey().equals("secretsType"),
				values));
	}

	private static void collect(JsonNode node, Set<String> values) {
		if (node.isString()) {
			values.add(node.asString());
		}
		node.values().forEach((child) -> collect(child, values));
	}

	private static String signature(String jwt) {
		return jwt.substring(jwt.lastIndexOf('.') + 1);
	}

}
