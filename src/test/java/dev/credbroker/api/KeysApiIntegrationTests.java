package dev.credbroker.api;

import java.util.List;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.credbroker.IntegrationTest;
import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.Http;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.credbroker.support.AzureStandIn.SUBSCRIPTION;
import static dev.credbroker.support.AzureStandIn.armError;
import static dev.credbroker.support.AzureStandIn.fixture;
import static org.assertj.core.api.Assertions.assertThat;

class KeysApiIntegrationTests extends IntegrationTest {

	private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

	private static String workspaceKeys(String resourceGroup, String workspace) {
		return "/api/v1/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + resourceGroup + "/workspaces/" + workspace
				+ "/keys";
	}

	private static String computeKeys(String resourceGroup, String workspace, String compute) {
		return "/api/v1/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + resourceGroup + "/workspaces/" + workspace
				+ "/computes/" + compute + "/keys";
	}

	@Test
	void workspaceKeysOfAzureExampleAreRedactedWithLengths() {
		AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws1", fixture("workspace-list-keys-2024-10-01.json"));

		Http.Response response = this.http.get(workspaceKeys("rg-alpha-1", "ws1"), token());

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Type")).hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		assertThat(response.header("Cache-Control")).hasValueSatisfying((value) -> assertThat(value).contains("no-store"));
		assertThat(response.header("Pragma")).hasValue("no-cache");
		JsonNode body = response.json();
		assertThat(body.get("resourceId").asString()).isEqualTo(AzureStandIn.workspacePath("rg-alpha-1", "ws1"));
		assertThat(body.get("kind").asString()).isEqualTo("workspace");
		assertThat(body.has("computeType")).isFalse();
		assertThat(body.get("stale").asBoolean()).isFalse();
		assertThat(body.get("retrievedAt").asString()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
		JsonNode secrets = body.get("secrets");
		assertThat(secrets.propertyNames()).containsExactly("userStorageResourceId", "containerRegistry.username",
				"containerRegistry.passwords.password", "containerRegistry.passwords.password2");
		assertThat(secrets.get("containerRegistry.passwords.password2").get("redacted").asBoolean()).isTrue();
		assertThat(secrets.get("containerRegistry.passwords.password2").get("length").asInt()).isEqualTo(32);
		assertThat(secrets.get("containerRegistry.passwords.password").get("length").asInt()).isEqualTo(7);
		assertThat(response.body()).doesNotContain("0KARRQoQHSUq1yViPWg7YFernOS=Ic/t", "testdemoworkjmjmeykp",
				"<value>", "storageAccounts/testdemo");
	}

	@Test
	void workspaceKeysOfNewerApiVersionSpellTheStorageIdDifferently() {
		AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws1", fixture("workspace-list-keys-2025-06-01.json"));

		JsonNode secrets = this.http.get(workspaceKeys("rg-alpha-1", "ws1"), token()).json().get("secrets");

		assertThat(secrets.get("userStorageResourceId").get("length").asInt()).isEqualTo(
				"/subscriptions/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee/resourceGroups/ragargeastus2euap/providers/Microsoft.Storage/storageAccounts/testdemoworkazashomr"
					.length());
	}

	@Test
	void everyWorkspaceFieldIsNamedAndRedacted() {
		AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws-full", fixture("workspace-list-keys-all-fields.json"));

		Http.Response response = this.http.get(workspaceKeys("rg-alpha-1", "ws-full"), token());

		assertThat(response.json().get("secrets").propertyNames()).containsExactly("userStorageKey",
				"userStorageResourceId", "appInsightsInstrumentationKey", "containerRegistry.location",
				"containerRegistry.username", "containerRegistry.passwords.password",
				"containerRegistry.passwords.password2", "notebook.primaryAccessKey", "notebook.secondaryAccessKey");
		response.json().get("secrets").forEach((field) -> assertThat(field.get("redacted").asBoolean()).isTrue());
		assertThat(response.body()).doesNotContain("sk-WORKSPACE", "acr-PASSWORD", "nb-PRIMARY", "nb-SECONDARY",
				"alpharegistry", "westeurope", "11111111-2222");
	}

	@Test
	void callsArmWithTheManagedIdentityTokenAndSupportHeaders() {
		AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws1", fixture("workspace-list-keys-2024-10-01.json"));

		this.http.get(workspaceKeys("rg-alpha-1", "ws1"), token());

		AzureStandIn.server()
			.verify(1, postRequestedFor(urlPathEqualTo(AzureStandIn.workspacePath("rg-alpha-1", "ws1") + "/listKeys"))
				.withQueryParam("api-version", equalTo("2024-10-01"))
				.withHeader("Authorization", equalTo("Bearer " + AzureStandIn.MANAGED_IDENTITY_TOKEN))
				.withHeader("x-ms-client-request-id", matching(UUID_PATTERN))
				.withHeader("x-ms-correlation-request-id", matching(UUID_PATTERN)));
	}

	@Nested
	class Computes {

		@Test
		void aksSecrets() {
			AzureStandIn.stubComputeKeys("rg-alpha-1", "ws1", "aks1", fixture("compute-list-keys-aks.json"));

			JsonNode body = http.get(computeKeys("rg-alpha-1", "ws1", "aks1"), token()).json();

			assertThat(body.get("kind").asString()).isEqualTo("compute");
			assertThat(body.get("computeType").asString()).isEqualTo("AKS");
			assertThat(body.get("resourceId").asString())
				.isEqualTo(AzureStandIn.computePath("rg-alpha-1", "ws1", "aks1"));
			assertThat(body.get("secrets").propertyNames()).containsExactly("aks.userKubeConfig",
					"aks.adminKubeConfig", "aks.imagePullSecretName");
			assertThat(body.get("secrets").get("aks.adminKubeConfig").get("length").asInt())
				.isEqualTo("admin kube config...".length());
			AzureStandIn.server()
				.verify(postRequestedFor(urlPathEqualTo(AzureStandIn.computePath("rg-alpha-1", "ws1", "aks1") + "/listKeys"))
					.withQueryParam("api-version", equalTo("2025-09-01")));
		}

		@Test
		void databricksSecrets() {
			AzureStandIn.stubComputeKeys("rg-alpha-1", "ws1", "dbx1", fixture("compute-list-keys-databricks.json"));

			Http.Response response = http.get(computeKeys("rg-alpha-1", "ws1", "dbx1"), token());

			assertThat(response.json().get("computeType").asString()).isEqualTo("Databricks");
			assertThat(response.json().get("secrets").propertyNames()).containsExactly("databricks.accessToken");
			assertThat(response.body()).doesNotContain("dapi-DATABRICKS");
		}

		@Test
		void virtualMachineSecrets() {
			AzureStandIn.stubComputeKeys("rg-alpha-1", "ws1", "vm1", fixture("compute-list-keys-virtual-machine.json"));

			Http.Response response = http.get(computeKeys("rg-alpha-1", "ws1", "vm1"), token());

			assertThat(response.json().get("secrets").propertyNames()).containsExactly("vm.username", "vm.password",
					"vm.publicKeyData", "vm.privateKeyData");
			assertThat(response.body()).doesNotContain("azureuser", "vm-PASSWORD", "vm-PRIVATE", "public-key-0001");
		}

		@Test
		void computeTypesWithoutSecretsHaveAnEmptyView() {
			for (String type : List.of("AmlCompute", "Kubernetes", "ComputeInstance", "DataFactory", "HDInsight",
					"DataLakeAnalytics", "SynapseSpark", "SomethingNew")) {
				String compute = "plain" + type.toLowerCase();
				AzureStandIn.stubComputeKeys("rg-alpha-1", "ws1", compute,
						aResponse().withStatus(200)
							.withHeader("Content-Type", "application/json")
							.withBody("{\"computeType\":\"" + type + "\",\"userKubeConfig\":\"not-for-this-type\"}"));

				JsonNode body = http.get(computeKeys("rg-alpha-1", "ws1", compute), token()).json();

				assertThat(body.get("computeType").asString()).isEqualTo(type);
				assertThat(body.get("secrets").isEmpty()).as(type).isTrue();
			}
		}

	}

	@Nested
	class ArmErrors {

		@Test
		void notFoundIsResourceNotFound() {
			AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "missing", armError(404, "arm-error-not-found.json"));

			Http.Response response = http.get(workspaceKeys("rg-alpha-1", "missing"), token());

			assertProblem(response, 404, "ResourceNotFound");
			assertThat(response.json().get("upstreamCode").asString()).isEqualTo("ResourceNotFound");
			assertThat(response.json().get("upstreamRequestId").asString()).isEqualTo("arm-request-404");
		}

		@Test
		void forbiddenIsTheBrokersOwnAuthorizationFailure() {
			AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws1", armError(403, "arm-error-authorization-failed.json"));

			Http.Response response = http.get(workspaceKeys("rg-alpha-1", "ws1"), token());

			assertProblem(response, 502, "UpstreamAuthorizationFailed");
			assertThat(response.json().get("upstreamCode").asString()).isEqualTo("AuthorizationFailed");
			assertThat(response.body()).doesNotContain("leaky-secret");
		}

		@Test
		void serverErrorIsUpstreamUnavailable() {
			AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws1", armError(500, "arm-error-internal.json"));

			Http.Response response = http.get(workspaceKeys("rg-alpha-1", "ws1"), token());

			assertProblem(response, 503, "UpstreamUnavailable");
			assertThat(response.body()).doesNotContain("leaky-secret");
		}

		@Test
		void throttlingIsUpstreamUnavailableWithRetryAfter() {
			AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws1",
					aResponse().withStatus(429)
						.withHeader("Retry-After", "17")
						.withHeader("Content-Type", "application/json")
						.withBody("{\"error\":{\"code\":\"SubscriptionRequestsThrottled\",\"message\":\"slow down\"}}"));

			Http.Response response = http.get(workspaceKeys("rg-alpha-1", "ws1"), token());

			assertProblem(response, 503, "UpstreamUnavailable");
			assertThat(response.header("Retry-After")).hasValue("17");
		}

		@Test
		void malformedJsonIsBadGatewayWithoutTheBody() {
			AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws1", aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"userStorageKey\": \"half-a-secret-0001"));

			Http.Response response = http.get(workspaceKeys("rg-alpha-1", "ws1"), token());

			assertProblem(response, 502, "UpstreamBadResponse");
			assertThat(response.body()).doesNotContain("half-a-secret");
		}

		@Test
		void aNonObjectBodyIsBadGateway() {
			AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws1", aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody("[\"not\", \"an\", \"object\"]"));

			assertProblem(http.get(workspaceKeys("rg-alpha-1", "ws1"), token()), 502, "UpstreamBadResponse");
		}

		@Test
		void slowArmIsGatewayTimeout() {
			AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws1",
					fixture("workspace-list-keys-2024-10-01.json").withFixedDelay(4000));

			assertProblem(http.get(workspaceKeys("rg-alpha-1", "ws1"), token()), 504, "UpstreamTimeout");
		}

		@Test
		void connectionResetIsUpstreamUnavailable() {
			AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws1",
					aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

			assertProblem(http.get(workspaceKeys("rg-alpha-1", "ws1"), token()), 503, "UpstreamUnavailable");
		}

		private static void assertProblem(Http.Response response, int status, String code) {
			assertThat(response.status()).isEqualTo(status);
			assertThat(response.header("Content-Type")).hasValue("application/problem+json");
			JsonNode body = response.json();
			assertThat(body.get("status").asInt()).isEqualTo(status);
			assertThat(body.get("code").asString()).isEqualTo(code);
			assertThat(body.get("type").asString()).startsWith("urn:credential-broker:problem:");
			assertThat(body.get("title").asString()).isNotBlank();
			assertThat(body.get("detail").asString()).isNotBlank();
			assertThat(response.body()).doesNotContain("Exception", "at dev.credbroker", "trace");
		}

	}

}
