package dev.credbroker.api;

import java.util.List;
import java.util.Map;

import dev.credbroker.IntegrationTest;
import dev.credbroker.secrets.SecretKinds;
import dev.credbroker.support.AuditLog;
import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.Http;
import dev.credbroker.support.TestIssuer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.credbroker.support.AzureStandIn.SUBSCRIPTION;
import static dev.credbroker.support.AzureStandIn.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A caller whose team holds no grant on a resource is refused before Azure is asked and before the
 * cache is looked at: a 403 that says nothing of what the resource holds, whether or not another
 * caller's request has put its secrets in the cache.
 */
class DenialIntegrationTests extends IntegrationTest {

	private static final String WORKSPACE = "/api/v1/subscriptions/" + SUBSCRIPTION
			+ "/resourceGroups/rg-alpha-1/workspaces/";

	/** A member of team-empty, which exists and holds no grant. */
	private static String outsider() {
		return TestIssuer.token(TestIssuer.TRUSTED, "svc-outsider", Map.of("groups", List.of("empty-group")));
	}

	@Test
	void aComputeIsRefusedWithoutCallingArm() {
		AzureStandIn.stubComputeKeys("rg-alpha-1", "ws1", "aks1", fixture("compute-list-keys-aks.json"));
		AuditLog.Trace trace = AuditLog.trace();

		Http.Response response = this.http.get(WORKSPACE + "ws1/computes/aks1/keys", outsider(), trace.header());

		assertDenied(response, trace);
		assertThat(listKeysCalls(AzureStandIn.computePath("rg-alpha-1", "ws1", "aks1"))).isZero();
		assertThat(AzureStandIn.armCalls()).isZero();
		assertThat(response.body()).doesNotContain("KubeConfig", "kube config", "image pull secret");
	}

	@Test
	void aCachedWorkspaceIsRefusedWithoutTheCacheShowingThrough() {
		AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws-cached", fixture("workspace-list-keys-all-fields.json"));
		Http.Response allowed = this.http.get(WORKSPACE + "ws-cached/keys", token());
		assertThat(allowed.status()).isEqualTo(200);
		JsonNode secrets = allowed.json().get("secrets");
		List<String> fingerprints = secrets.valueStream().map((field) -> field.get("fingerprint").asString()).toList();
		assertThat(fingerprints).isNotEmpty().allSatisfy((fingerprint) -> assertThat(fingerprint).startsWith("hmac-"));
		assertThat(listKeysCalls(AzureStandIn.workspacePath("rg-alpha-1", "ws-cached"))).isEqualTo(1);
		AuditLog.Trace trace = AuditLog.trace();

		Http.Response response = this.http.get(WORKSPACE + "ws-cached/keys", outsider(), trace.header());

		assertDenied(response, trace);
		assertThat(listKeysCalls(AzureStandIn.workspacePath("rg-alpha-1", "ws-cached"))).as("ARM calls, the allowed one")
			.isEqualTo(1);
		assertThat(response.header("Age")).isEmpty();
		assertThat(response.body()).doesNotContain(secrets.propertyNames().toArray(String[]::new))
			.doesNotContain(fingerprints.toArray(String[]::new))
			.doesNotContain("stale", "retrievedAt");
	}

	private static void assertDenied(Http.Response response, AuditLog.Trace trace) {
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.header("Content-Type")).hasValue("application/problem+json");
		assertThat(response.json().get("reason").asString()).isEqualTo("no-grant");
		assertThat(response.body()).as("field names").doesNotContain(SecretKinds.allFields().toArray(String[]::new));
		assertThat(response.body()).as("fingerprints").doesNotContain("hmac-sha256", "fingerprint", "secrets");
		JsonNode record = trace.record();
		assertThat(record.get("status").asInt()).isEqualTo(403);
		assertThat(record.get("reason").asString()).isEqualTo("no-grant");
		assertThat(record.has("upstream")).as("neither Azure nor the cache was asked").isFalse();
		assertThat(record.get("returned").isEmpty()).isTrue();
	}

	private static int listKeysCalls(String resourcePath) {
		return AzureStandIn.server()
			.countRequestsMatching(postRequestedFor(urlPathEqualTo(resourcePath + "/listKeys")).build())
			.getCount();
	}

}
