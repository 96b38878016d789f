package dev.credbroker.api;

import java.util.List;
import java.util.Map;

import dev.credbroker.IntegrationTest;
import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.Http;
import dev.credbroker.support.TestIssuer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.credbroker.support.AzureStandIn.SUBSCRIPTION;
import static dev.credbroker.support.AzureStandIn.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The policy over real HTTP, with {@code test-policies.yaml}: a caller sees only what its teams'
 * grants let it read, a value only when it asks and may, and a denied request costs no ARM call.
 */
class PolicyIntegrationTests extends IntegrationTest {

	private static final String ALL_FIELDS = "workspace-list-keys-all-fields.json";

	private static String keys(String resourceGroup, String workspace) {
		return "/api/v1/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + resourceGroup + "/workspaces/" + workspace
				+ "/keys";
	}

	private static String alpha() {
		return TestIssuer.token(TestIssuer.TRUSTED, "svc-team-alpha", Map.of("roles", List.of("team-alpha")));
	}

	@Nested
	class Allowed {

		@Test
		void aTeamSeesOnlyTheFieldsItsGrantReads() {
			AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws1", fixture(ALL_FIELDS));

			Http.Response response = http.get(keys("rg-alpha-1", "ws1"), alpha());

			assertThat(response.status()).isEqualTo(200);
			JsonNode secrets = response.json().get("secrets");
			assertThat(secrets.propertyNames()).containsExactly("containerRegistry.location",
					"containerRegistry.username", "containerRegistry.passwords.password",
					"containerRegistry.passwords.password2", "notebook.primaryAccessKey",
					"notebook.secondaryAccessKey");
			secrets.forEach((field) -> assertThat(field.get("redacted").asBoolean()).isTrue());
			assertThat(response.body()).doesNotContain("sk-WORKSPACE", "acr-PASSWORD", "nb-PRIMARY", "userStorage");
		}

		@Test
		void aRevealedFieldComesBackInClearAndOnlyIt() {
			AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws1", fixture(ALL_FIELDS));

			Http.Response response = http.get(keys("rg-alpha-1", "ws1") + "?reveal=containerRegistry.passwords.password2",
					alpha());

			assertThat(response.status()).isEqualTo(200);
			JsonNode secrets = response.json().get("secrets");
			assertThat(secrets.get("containerRegistry.passwords.password2").get("value").asString())
				.isEqualTo("acr-PASSWORD-two-0002/def=");
			assertThat(secrets.get("containerRegistry.passwords.password2").has("redacted")).isFalse();
			assertThat(secrets.get("containerRegistry.passwords.password").get("redacted").asBoolean()).isTrue();
			assertThat(response.body()).doesNotContain("acr-PASSWORD-one", "nb-PRIMARY");
		}

		@Test
		void aRevealPatternAndANarrowedView() {
			AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws1", fixture(ALL_FIELDS));

			Http.Response response = http.get(
					keys("rg-alpha-1", "ws1") + "?fields=notebook.*&reveal=containerRegistry.passwords.*", alpha());

			JsonNode secrets = response.json().get("secrets");
			assertThat(secrets.propertyNames()).containsExactly("containerRegistry.passwords.password",
					"containerRegistry.passwords.password2", "notebook.primaryAccessKey",
					"notebook.secondaryAccessKey");
			assertThat(secrets.get("containerRegistry.passwords.password").get("value").asString())
				.isEqualTo("acr-PASSWORD-one-0001/abc=");
			assertThat(secrets.get("notebook.primaryAccessKey").get("redacted").asBoolean()).isTrue();
		}

		@Test
		void theDecisionIgnoresCase() {
			AzureStandIn.stubWorkspaceKeys("RG-ALPHA-1", "ws1", fixture(ALL_FIELDS));

			assertThat(http.get(keys("RG-ALPHA-1", "ws1"), alpha()).status()).isEqualTo(200);
		}

		@Test
		void computeFieldsFollowTheGrantToo() {
			AzureStandIn.stubComputeKeys("rg-alpha-1", "ws1", "aks1", fixture("compute-list-keys-aks.json"));

			Http.Response response = http.get("/api/v1/subscriptions/" + SUBSCRIPTION
					+ "/resourceGroups/rg-alpha-1/workspaces/ws1/computes/aks1/keys", alpha());

			assertThat(response.json().get("secrets").propertyNames()).containsExactly("aks.userKubeConfig");
		}

	}

	@Nested
	class Denied {

		@Test
		void noGrantIsPolicyDeniedWithoutCallingAzure() {
			Http.Response response = http.get(keys("rg-beta", "ws1"), alpha());

			assertThat(response.status()).isEqualTo(403);
			assertThat(response.json().get("code").asString()).isEqualTo("PolicyDenied");
			assertThat(response.json().get("reason").asString()).isEqualTo("no-grant");
			assertThat(response.json().get("detail").asString()).contains("whether or not it exists");
			assertThat(AzureStandIn.armCalls()).isZero();
		}

		@Test
		void noTeamIsPolicyDeniedWithoutCallingAzure() {
			String stranger = TestIssuer.token(TestIssuer.TRUSTED, "svc-nobody", Map.of("roles", List.of("nobody")));

			Http.Response response = http.get(keys("rg-alpha-1", "ws1"), stranger);

			assertThat(response.status()).isEqualTo(403);
			assertThat(response.json().get("code").asString()).isEqualTo("PolicyDenied");
			assertThat(response.json().get("reason").asString()).isEqualTo("no-team");
			assertThat(AzureStandIn.armCalls()).isZero();
		}

		@Test
		void revealOfAFieldNotGrantedIsRevealDeniedNamingItWithoutCallingAzure() {
			AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws1", fixture(ALL_FIELDS));

			Http.Response response = http.get(
					keys("rg-alpha-1", "ws1") + "?reveal=containerRegistry.passwords.password,userStorageKey", alpha());

			assertThat(response.status()).isEqualTo(403);
			assertThat(response.json().get("code").asString()).isEqualTo("RevealDenied");
			assertThat(response.json().get("reason").asString()).isEqualTo("reveal-not-granted");
			assertThat(response.json().get("fields").valueStream().map(JsonNode::asString))
				.containsExactly("userStorageKey");
			assertThat(response.body()).doesNotContain("acr-PASSWORD", "sk-WORKSPACE");
			assertThat(AzureStandIn.armCalls()).isZero();
		}

		@Test
		void aRepeatedQueryParameterCountsEveryValue() {
			Http.Response response = http.get(
					keys("rg-alpha-1", "ws1") + "?reveal=containerRegistry.passwords.password&reveal=userStorageKey",
					alpha());

			assertThat(response.status()).isEqualTo(403);
			assertThat(response.json().get("fields").valueStream().map(JsonNode::asString))
				.containsExactly("userStorageKey");
			assertThat(AzureStandIn.armCalls()).isZero();
		}

		@Test
		void revealOfAReadableFieldThatIsNotRevealable() {
			Http.Response response = http.get(keys("rg-alpha-1", "ws1") + "?reveal=containerRegistry.username",
					alpha());

			assertThat(response.status()).isEqualTo(403);
			assertThat(response.json().get("code").asString()).isEqualTo("RevealDenied");
			assertThat(AzureStandIn.armCalls()).isZero();
		}

		@Test
		void encodingCannotWidenAGrant() {
			// rg-alpha* would match "rg-alpha%2F..%2Frg-beta" as a string; such a name never
			// reaches a decision.
			Http.Response response = http.get(
					"/api/v1/subscriptions/" + SUBSCRIPTION + "/resourceGroups/rg-alpha%2F..%2Frg-beta/workspaces/ws1/keys",
					alpha());

			assertThat(response.status()).isEqualTo(400);
			assertThat(AzureStandIn.armCalls()).isZero();
		}

		@Test
		void badFieldPatternsAreInvalidParameters() {
			Http.Response response = http.get(keys("rg-alpha-1", "ws1") + "?fields=notebook..x", alpha());

			assertThat(response.status()).isEqualTo(400);
			assertThat(response.json().get("code").asString()).isEqualTo("InvalidParameter");
			assertThat(response.json().get("invalidParams").get(0).get("name").asString()).isEqualTo("fields");
			assertThat(AzureStandIn.armCalls()).isZero();
		}

	}

	/**
	 * Azure names registry passwords. The policy is checked before Azure is called against the
	 * names it uses today, and again against the names it returned.
	 */
	@Nested
	class AzureNamedPasswords {

		private static final String NAMED = "workspace-list-keys-azure-named-password.json";

		private static String registry() {
			return TestIssuer.token(TestIssuer.TRUSTED, "svc-registry", Map.of("roles", List.of("team-registry")));
		}

		@Test
		void aPasswordOfANewNameIsShownRedactedWhenReadable() {
			AzureStandIn.stubWorkspaceKeys("rg-registry", "ws-named", fixture(NAMED));

			for (int request = 1; request <= 2; request++) {
				Http.Response response = http.get(
						keys("rg-registry", "ws-named") + "?reveal=containerRegistry.passwords.password2", registry());

				assertThat(response.status()).isEqualTo(200);
				JsonNode secrets = response.json().get("secrets");
				assertThat(secrets.propertyNames()).containsExactly("containerRegistry.passwords.password",
						"containerRegistry.passwords.password2", "containerRegistry.passwords.acr-token");
				assertThat(secrets.get("containerRegistry.passwords.acr-token").get("redacted").asBoolean()).isTrue();
				assertThat(secrets.get("containerRegistry.passwords.password2").get("value").asString())
					.isEqualTo("acr-PASSWORD-two-0002/def=");
				assertThat(response.body()).doesNotContain("acr-TOKEN", "acr-PASSWORD-one");
			}
			assertThat(AzureStandIn.armCalls()).isOne();
		}

		@Test
		void aRevealPatternThatCoversAPasswordOfANewNameIsDeniedOnceAzureNamesIt() {
			AzureStandIn.stubWorkspaceKeys("rg-registry", "ws-named", fixture(NAMED));

			for (int request = 1; request <= 2; request++) {
				Http.Response response = http.get(
						keys("rg-registry", "ws-named") + "?reveal=containerRegistry.passwords.*", registry());

				assertThat(response.status()).isEqualTo(403);
				assertThat(response.json().get("code").asString()).isEqualTo("RevealDenied");
				assertThat(response.json().get("fields").valueStream().map(JsonNode::asString))
					.containsExactly("containerRegistry.passwords.acr-token");
				assertThat(response.body()).doesNotContain("acr-TOKEN", "acr-PASSWORD");
			}
			assertThat(AzureStandIn.armCalls()).isOne();
		}

	}

	@Nested
	class DryRun {

		private static final String WS1_ID = "/subscriptions/" + SUBSCRIPTION
				+ "/resourceGroups/rg-alpha-1/providers/Microsoft.MachineLearningServices/workspaces/ws1";

		@Test
		void namesTheGrantsAndFieldsWithoutCallingAzure() {
			Http.Response response = http.get("/api/v1/policy/decision?resourceId=" + WS1_ID
					+ "&reveal=notebook.primaryAccessKey", alpha());

			assertThat(response.status()).isEqualTo(200);
			JsonNode decision = response.json();
			assertThat(decision.get("decision").asString()).isEqualTo("allow");
			assertThat(decision.get("reason").asString()).isEqualTo("allow");
			assertThat(strings(decision.get("teams"))).containsExactly("team-alpha");
			assertThat(strings(decision.get("grants"))).containsExactly("team-alpha#0");
			assertThat(strings(decision.get("readable"))).contains("containerRegistry.username",
					"notebook.primaryAccessKey");
			assertThat(strings(decision.get("revealable"))).containsExactly("containerRegistry.passwords.password",
					"containerRegistry.passwords.password2", "notebook.primaryAccessKey");
			assertThat(strings(decision.get("revealed"))).containsExactly("notebook.primaryAccessKey");
			assertThat(AzureStandIn.allCalls()).isZero();
		}

		@Test
		void explainsADenial() {
			JsonNode decision = http.get("/api/v1/policy/decision?resourceId=" + WS1_ID
					+ "&reveal=userStorageKey", alpha()).json();

			assertThat(decision.get("decision").asString()).isEqualTo("deny");
			assertThat(decision.get("reason").asString()).isEqualTo("reveal-not-granted");
			assertThat(strings(decision.get("revealDenied"))).containsExactly("userStorageKey");
		}

		@Test
		void refusesAnIdThatIsNotAnAzureMlResource() {
			Http.Response response = http.get("/api/v1/policy/decision?resourceId=/subscriptions/" + SUBSCRIPTION
					+ "/resourceGroups/rg-alpha-1%2F..%2Fx/providers/Microsoft.MachineLearningServices/workspaces/ws1",
					alpha());

			assertThat(response.status()).isEqualTo(400);
			assertThat(response.json().get("invalidParams").get(0).get("name").asString()).isEqualTo("resourceId");
			Http.Response badName = http.get("/api/v1/policy/decision?resourceId=" + WS1_ID.replace("/ws1", "/-ws1"),
					alpha());
			assertThat(badName.status()).isEqualTo(400);
			assertThat(badName.json().get("invalidParams").get(0).get("name").asString()).isEqualTo("workspaceName");
		}

		@Test
		void needsAResourceId() {
			Http.Response response = http.get("/api/v1/policy/decision", alpha());

			assertThat(response.status()).isEqualTo(400);
			assertThat(response.json().get("code").asString()).isEqualTo("InvalidParameter");
			assertThat(response.json().get("invalidParams").get(0).get("name").asString()).isEqualTo("resourceId");
		}

		private static List<String> strings(JsonNode array) {
			return array.valueStream().map(JsonNode::asString).toList();
		}

	}

	@Test
	void meNamesTheCallersTeams() {
		String both = TestIssuer.token(TestIssuer.TRUSTED, "svc-both", Map.of("roles", List.of("team-beta", "team-alpha")));

		JsonNode me = this.http.get("/api/v1/me", both).json();

		assertThat(me.get("teams").valueStream().map(JsonNode::asString)).containsExactly("team-alpha", "team-beta");
	}

}
