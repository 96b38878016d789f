package dev.credbroker.api;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.credbroker.IntegrationTest;
import dev.credbroker.audit.AuditVerifier;
import dev.credbroker.support.AuditLog;
import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.Http;
import dev.credbroker.support.TestIssuer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;

import static dev.credbroker.support.AzureStandIn.SUBSCRIPTION;
import static dev.credbroker.support.AzureStandIn.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One audit record per API request, whatever its outcome, in the chained trail; written before the
 * response, and failing the request closed when it cannot be written.
 */
class AuditIntegrationTests extends IntegrationTest {

	private static final String WS1 = "/api/v1/subscriptions/" + SUBSCRIPTION
			+ "/resourceGroups/rg-alpha-1/workspaces/ws1/keys";

	@Autowired
	private MeterRegistry meters;

	@LocalManagementPort
	private int managementPort;

	private static String alpha() {
		return TestIssuer.token(TestIssuer.TRUSTED, "svc-team-alpha",
				Map.of("roles", List.of("team-alpha"), "azp", "alpha-client", "tid", "tenant-a"));
	}

	@Nested
	class PerOutcome {

		@Test
		void aRepeatedRevealIsNamedWholeAsItIsRevealed() {
			AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws1", fixture("workspace-list-keys-all-fields.json"));
			AuditLog.Trace trace = AuditLog.trace();

			Http.Response response = http.get(WS1 + "?reveal=notebook.primaryAccessKey"
					+ "&reveal=containerRegistry.passwords.password2&fields=notebook.*&fields=containerRegistry.**",
					alpha(), trace.header());

			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json().get("secrets").get("notebook.primaryAccessKey").has("value")).isTrue();
			assertThat(response.json().get("secrets").get("containerRegistry.passwords.password2").has("value"))
				.isTrue();
			JsonNode record = trace.record();
			assertThat(strings(record.get("requested").get("reveal")))
				.containsExactly("notebook.primaryAccessKey", "containerRegistry.passwords.password2");
			assertThat(strings(record.get("requested").get("fields"))).containsExactly("notebook.*",
					"containerRegistry.**");
		}

		@Test
		void anAllowedRequestNamesCallerDecisionReturnedFieldsAndUpstream() {
			AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws1", fixture("workspace-list-keys-all-fields.json"));

			AuditLog.Trace trace = AuditLog.trace();

			Http.Response response = http.get(WS1 + "?fields=notebook.*&reveal=containerRegistry.passwords.password2",
					alpha(), trace.header());

			assertThat(response.status()).isEqualTo(200);
			JsonNode record = trace.record();
			assertThat(record.get("action").asString()).isEqualTo("workspace.listKeys");
			assertThat(record.get("caller").get("subject").asString()).isEqualTo("svc-team-alpha");
			assertThat(record.get("caller").get("issuer").asString()).isEqualTo(TestIssuer.issuer(TestIssuer.TRUSTED));
			assertThat(record.get("caller").get("clientId").asString()).isEqualTo("alpha-client");
			assertThat(record.get("caller").get("tenantId").asString()).isEqualTo("tenant-a");
			assertThat(strings(record.get("teams"))).containsExactly("team-alpha");
			assertThat(record.get("resourceId").asString()).isEqualTo(AzureStandIn.workspacePath("rg-alpha-1", "ws1"));
			assertThat(strings(record.get("requested").get("fields"))).containsExactly("notebook.*");
			assertThat(strings(record.get("requested").get("reveal")))
				.containsExactly("containerRegistry.passwords.password2");
			assertThat(record.get("decision").asString()).isEqualTo("allow");
			assertThat(record.get("reason").asString()).isEqualTo("allow");
			assertThat(strings(record.get("grants"))).containsExactly("team-alpha#0");
			assertThat(record.get("upstream").get("status").asInt()).isEqualTo(200);
			assertThat(record.get("upstream").get("requestId").asString()).isNotBlank();
			assertThat(record.get("upstream").get("cache").asString()).isEqualTo("miss");
			assertThat(record.get("status").asInt()).isEqualTo(200);
			assertThat(record.get("durationMs").asLong()).isNotNegative();
			assertThat(record.get("clientAddress").asString()).isEqualTo("127.0.0.1");
			JsonNode secrets = response.json().get("secrets");
			assertThat(record.get("returned").valueStream().map((field) -> field.get("field").asString()))
				.containsExactlyElementsOf(secrets.propertyNames());
			for (JsonNode returned : record.get("returned")) {
				JsonNode shown = secrets.get(returned.get("field").asString());
				if (returned.get("disclosure").asString().equals("redacted")) {
					assertThat(returned.get("fingerprint").asString()).isEqualTo(shown.get("fingerprint").asString());
				}
				else {
					assertThat(returned.get("field").asString()).isEqualTo("containerRegistry.passwords.password2");
					assertThat(returned.get("fingerprint").asString()).startsWith("hmac-sha256:");
				}
			}
			assertThat(AuditLog.text()).doesNotContain("acr-PASSWORD", "nb-PRIMARY", "nb-SECONDARY");
		}

		@Test
		void aDeniedRequest() {
			AuditLog.Trace trace = AuditLog.trace();

			http.get(WS1.replace("rg-alpha-1", "rg-beta"), alpha(), trace.header());

			JsonNode record = trace.record();
			assertThat(record.get("decision").asString()).isEqualTo("deny");
			assertThat(record.get("reason").asString()).isEqualTo("no-grant");
			assertThat(record.get("status").asInt()).isEqualTo(403);
			assertThat(record.has("upstream")).isFalse();
			assertThat(record.get("returned").isEmpty()).isTrue();
		}

		@Test
		void aRevealDeniedRequest() {
			AuditLog.Trace trace = AuditLog.trace();

			http.get(WS1 + "?reveal=userStorageKey", alpha(), trace.header());

			JsonNode record = trace.record();
			assertThat(record.get("reason").asString()).isEqualTo("reveal-not-granted");
			assertThat(strings(record.get("requested").get("reveal"))).containsExactly("userStorageKey");
		}

		@Test
		void anInvalidRequest() {
			AuditLog.Trace trace = AuditLog.trace();

			http.get(WS1.replace("ws1", "-ws1"), alpha(), trace.header());

			JsonNode record = trace.record();
			assertThat(record.get("status").asInt()).isEqualTo(400);
			assertThat(record.get("decision").asString()).isEqualTo("deny");
			assertThat(record.get("reason").asString()).isEqualTo("invalid");
			assertThat(record.get("caller").get("subject").asString()).isEqualTo("svc-team-alpha");
			assertThat(record.has("resourceId")).isFalse();
		}

		@Test
		void anUnauthenticatedRequestHasNoCaller() {
			AuditLog.Trace trace = AuditLog.trace();

			http.get(WS1, "not-a-token", trace.header());

			JsonNode record = trace.record();
			assertThat(record.get("status").asInt()).isEqualTo(401);
			assertThat(record.get("reason").asString()).isEqualTo("unauthenticated");
			assertThat(record.has("caller")).isFalse();
			assertThat(record.get("action").asString()).isEqualTo("workspace.listKeys");
			assertThat(AuditLog.text()).doesNotContain("not-a-token");
		}

		@Test
		void anUpstreamFailure() {
			AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws1",
					AzureStandIn.armError(500, "arm-error-internal.json"));

			AuditLog.Trace trace = AuditLog.trace();

			http.get(WS1, alpha(), trace.header());

			JsonNode record = trace.record();
			assertThat(record.get("status").asInt()).isEqualTo(503);
			assertThat(record.get("decision").asString()).isEqualTo("allow");
			assertThat(record.get("upstream").get("status").asInt()).isEqualTo(500);
			assertThat(record.get("upstream").get("requestId").asString()).isEqualTo("arm-request-500");
		}

		@Test
		void meAndTheDryRun() {
			AuditLog.Trace me = AuditLog.trace();
			http.get("/api/v1/me", alpha(), me.header());
			assertThat(me.record().get("action").asString()).isEqualTo("me");
			assertThat(me.record().get("status").asInt()).isEqualTo(200);

			AuditLog.Trace dryRun = AuditLog.trace();
			http.get("/api/v1/policy/decision?resourceId=" + AzureStandIn.workspacePath("rg-beta", "ws1"), alpha(),
					dryRun.header());
			JsonNode record = dryRun.record();
			assertThat(record.get("action").asString()).isEqualTo("policy.decision");
			assertThat(record.get("reason").asString()).isEqualTo("dry-run:no-grant");
			assertThat(record.get("resourceId").asString()).isEqualTo(AzureStandIn.workspacePath("rg-beta", "ws1"));
		}

		@Test
		void everyRequestAddsOneRecordToAnIntactChain() {
			int before = AuditLog.records().size();

			http.get("/api/v1/me", alpha());
			http.get("/api/v1/me");
			http.get("/api/v1/nothing", alpha());

			List<JsonNode> records = AuditLog.records();
			assertThat(records).hasSize(before + 3);
			assertThat(AuditVerifier.run(new String[] { "audit-verify", AuditLog.file().toString() },
					new PrintStream(OutputStream.nullOutputStream())))
				.isZero();
		}

	}

	@Nested
	class FailsClosed {

		@Test
		void noSecretLeavesWhenTheRecordCannotBeWrittenAndServiceResumesAfter() throws IOException {
			AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws1", fixture("workspace-list-keys-all-fields.json"));
			http.get("/api/v1/me", alpha());
			Path file = AuditLog.file();
			Path aside = file.resolveSibling("aside.jsonl");
			double failures = meters.get("broker.audit.failures").counter().count();
			Files.move(file, aside);
			Files.createDirectory(file);
			Http.Response refused;
			Http.Response readiness;
			try {
				refused = http.get(WS1 + "?reveal=containerRegistry.passwords.password2", alpha());
				readiness = new Http(managementPort).get("/actuator/health/readiness");
			}
			finally {
				Files.delete(file);
				Files.move(aside, file);
			}

			assertThat(refused.status()).isEqualTo(503);
			assertThat(refused.header("Content-Type")).hasValue("application/problem+json");
			assertThat(refused.json().get("code").asString()).isEqualTo("AuditUnavailable");
			assertThat(refused.header("Cache-Control")).hasValue("no-store");
			assertThat(refused.body()).doesNotContain("acr-PASSWORD", "secrets", "hmac-sha256");
			assertThat(meters.get("broker.audit.failures").counter().count()).isEqualTo(failures + 1);
			assertThat(readiness.status()).as("a broker that cannot record is not ready").isEqualTo(503);
			assertThat(readiness.json().get("components").get("audit").get("status").asString()).isEqualTo("DOWN");
			assertThat(new Http(managementPort).get("/actuator/health/readiness").status()).isEqualTo(200);

			Http.Response served = http.get(WS1 + "?reveal=containerRegistry.passwords.password2", alpha());

			assertThat(served.status()).isEqualTo(200);
			assertThat(served.body()).contains("acr-PASSWORD-two-0002/def=");
			assertThat(AuditVerifier.run(new String[] { "audit-verify", AuditLog.file().toString() },
					new PrintStream(OutputStream.nullOutputStream())))
				.isZero();
		}

	}

	private static List<String> strings(JsonNode array) {
		return array.valueStream().map(JsonNode::asString).toList();
	}

}
