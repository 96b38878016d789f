package dev.credbroker.api;

import dev.credbroker.IntegrationTest;
import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.credbroker.support.AzureStandIn.SUBSCRIPTION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input gets a clear 400 before anything is called: Resource Manager sees no request.
 */
class RequestValidationIntegrationTests extends IntegrationTest {

	private static final String WORKSPACES = "/api/v1/subscriptions/" + SUBSCRIPTION + "/resourceGroups/rg-alpha-1/workspaces/";

	@AfterEach
	void armSawNothing() {
		assertThat(AzureStandIn.armCalls()).isZero();
	}

	@Nested
	class NamesAgainstAzureRules {

		@ParameterizedTest
		@ValueSource(strings = { "not-a-guid", "00000000-0000-4000-8000-0000000000a", "00000000000040008000000000000000",
				"00000000-0000-4000-8000-0000000000ag" })
		void subscriptionId(String subscriptionId) {
			assertInvalid("/api/v1/subscriptions/" + subscriptionId + "/resourceGroups/rg1/workspaces/ws1/keys",
					"subscriptionId");
		}

		@ParameterizedTest
		@ValueSource(strings = { "rg-ends-with-dot.", "rg%20space", "rg*star", "rg%C3%A9" })
		void resourceGroupName(String resourceGroup) {
			assertInvalid("/api/v1/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + resourceGroup
					+ "/workspaces/ws1/keys", "resourceGroupName");
		}

		@Test
		void resourceGroupNameOverNinetyCharacters() {
			assertInvalid("/api/v1/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + "r".repeat(91)
					+ "/workspaces/ws1/keys", "resourceGroupName");
		}

		@ParameterizedTest
		@ValueSource(strings = { "ws", "-ws1", "_ws1", "ws.1", "ws1%3F", "ws1%3Fapi-version=1" })
		void workspaceName(String workspace) {
			assertInvalid(WORKSPACES + workspace + "/keys", "workspaceName");
		}

		@Test
		void workspaceNameOverThirtyThreeCharacters() {
			assertInvalid(WORKSPACES + "w".repeat(34) + "/keys", "workspaceName");
		}

		@ParameterizedTest
		@ValueSource(strings = { "c1", "1compute", "compute-123", "compute_1", "comp%3Fute", "cccccccccccccccccccccccccc" })
		void computeName(String compute) {
			assertInvalid(WORKSPACES + "ws1/computes/" + compute + "/keys", "computeName");
		}

		@Test
		void namesEveryInvalidParameter() {
			Http.Response response = http.get(
					"/api/v1/subscriptions/nope/resourceGroups/rg1/workspaces/-bad/computes/1bad/keys", token());

			assertThat(response.status()).isEqualTo(400);
			assertThat(response.json().get("invalidParams").valueStream().map((param) -> param.get("name").asString()))
				.containsExactlyInAnyOrder("subscriptionId", "workspaceName", "computeName");
		}

		private void assertInvalid(String path, String parameter) {
			Http.Response response = http.get(path, token());

			assertThat(response.status()).as(path).isEqualTo(400);
			assertThat(response.header("Content-Type")).hasValue("application/problem+json");
			JsonNode body = response.json();
			assertThat(body.get("code").asString()).isEqualTo("InvalidParameter");
			assertThat(body.get("type").asString()).isEqualTo("urn:credential-broker:problem:invalid-parameter");
			assertThat(body.get("detail").asString()).contains(parameter);
			assertThat(body.get("invalidParams").get(0).get("name").asString()).isEqualTo(parameter);
		}

	}

	@Nested
	class FieldLimits {

		private static final String DRY_RUN = "/api/v1/policy/decision?resourceId=/subscriptions/" + SUBSCRIPTION
				+ "/resourceGroups/rg-alpha-1/providers/Microsoft.MachineLearningServices/workspaces/ws1";

		@Test
		void thirtyTwoPatternsArePlentyThirtyThreeAreTooMany() {
			assertThat(http.get(DRY_RUN + "&fields=" + patterns(32), token()).status()).isEqualTo(200);

			assertInvalid(DRY_RUN + "&fields=" + patterns(33), "fields", "at most 32 names or patterns");
			assertInvalid(WORKSPACES + "ws1/keys?fields=" + patterns(33), "fields", "at most 32 names or patterns");
			assertInvalid(WORKSPACES + "ws1/keys?reveal=" + patterns(33), "reveal", "at most 32 names or patterns");
		}

		@Test
		void aRepeatedParameterCountsAllItsValues() {
			String twice = "&reveal=" + patterns(16) + "&reveal=" + patterns(17).replace("a", "b");
			assertInvalid(WORKSPACES + "ws1/keys?fields=a" + twice, "reveal", "at most 32 names or patterns");
			assertInvalid(DRY_RUN + twice, "reveal", "at most 32 names or patterns");
			assertInvalid(DRY_RUN + "&fields=a&fields=" + patterns(32), "fields", "at most 32 names or patterns");

			JsonNode decision = http.get(DRY_RUN + "&fields=notebook.*&fields=vm.username", token()).json();
			assertThat(decision.get("readable").valueStream().map(JsonNode::asString))
				.containsExactlyInAnyOrder("notebook.primaryAccessKey", "notebook.secondaryAccessKey");
		}

		@Test
		void aPatternHasAtMostSixteenParts() {
			String sixteen = "**" + ".*".repeat(15);
			assertThat(http.get(DRY_RUN + "&fields=" + sixteen, token()).status()).isEqualTo(200);

			assertInvalid(DRY_RUN + "&fields=" + sixteen + ".*", "fields", "at most 16 parts");
			assertInvalid(WORKSPACES + "ws1/keys?reveal=" + sixteen + ".*", "reveal", "at most 16 parts");
		}

		@Test
		void aPatternHasAtMost128Characters() {
			String longest = "a".repeat(128);
			assertThat(http.get(DRY_RUN + "&reveal=" + longest, token()).status()).isEqualTo(200);

			assertInvalid(DRY_RUN + "&reveal=" + longest + "a", "reveal", "1 to 128 characters");
			assertInvalid(WORKSPACES + "ws1/keys?fields=" + longest + "a", "fields", "1 to 128 characters");
		}

		private static String patterns(int count) {
			StringBuilder patterns = new StringBuilder("a0.**");
			for (int i = 1; i < count; i++) {
				patterns.append(",a").append(i).append(".**");
			}
			return patterns.toString();
		}

		private void assertInvalid(String path, String parameter, String reason) {
			Http.Response response = http.get(path, token());

			assertThat(response.status()).as(path).isEqualTo(400);
			assertThat(response.header("Content-Type")).hasValue("application/problem+json");
			JsonNode body = response.json();
			assertThat(body.get("code").asString()).isEqualTo("InvalidParameter");
			assertThat(body.get("detail").asString()).isEqualTo("Invalid parameter: " + parameter);
			assertThat(body.get("invalidParams")).hasSize(1);
			assertThat(body.get("invalidParams").get(0).get("name").asString()).isEqualTo(parameter);
			assertThat(body.get("invalidParams").get(0).get("reason").asString()).contains(reason);
		}

	}

	@Nested
	class Traversal {

		@ParameterizedTest
		@ValueSource(strings = { WORKSPACES + "ws1/..%2F..%2Fworkspaces%2Fother/keys", WORKSPACES + "..%2Fws1/keys",
				WORKSPACES + "ws1%2Fcomputes%2Fc1/keys", WORKSPACES + "%2e%2e/keys", WORKSPACES + "ws1/computes/..%2f/keys",
				WORKSPACES + "ws1%5C..%5Cother/keys", WORKSPACES + "ws1;x=y/keys", WORKSPACES + "ws1%00/keys", WORKSPACES + "ws%2520x/keys",
				"/api/v1/subscriptions/" + SUBSCRIPTION + "/resourceGroups/..%2F..%2Fproviders/workspaces/ws1/keys" })
		void encodedTraversalIsRejected(String path) {
			Http.Response response = http.get(path, token());

			assertThat(response.status()).as(path).isEqualTo(400);
			assertThat(response.header("Content-Type")).as(path)
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(response.json().get("code").asString()).isIn("InvalidRequest", "InvalidParameter");
		}

		@Test
		void unknownPathsAreNotFoundProblems() {
			Http.Response response = http.get("/api/v1/nothing-here", token());

			assertThat(response.status()).isEqualTo(404);
			assertThat(response.header("Content-Type")).hasValue("application/problem+json");
			assertThat(response.json().get("code").asString()).isEqualTo("NotFound");
		}

		@Test
		void unknownPathsNeedAuthenticationFirst() {
			assertThat(http.get("/api/v1/nothing-here").status()).isEqualTo(401);
		}

	}

}
