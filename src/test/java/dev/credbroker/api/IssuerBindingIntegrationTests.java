package dev.credbroker.api;

import java.util.List;
import java.util.Map;

import dev.credbroker.IntegrationTest;
import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.Http;
import dev.credbroker.support.TestIssuer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.credbroker.support.AzureStandIn.SUBSCRIPTION;
import static dev.credbroker.support.AzureStandIn.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker trusts two issuers, and {@code test-policies.yaml} binds team-alpha's rules to the
 * first. A token of the second carrying the same role and client id is in none of its teams, on
 * every route: whoever controls one issuer's app roles does not read another's secrets.
 */
class IssuerBindingIntegrationTests extends IntegrationTest {

	private static final String WS1 = "/subscriptions/" + SUBSCRIPTION
			+ "/resourceGroups/rg-alpha-1/providers/Microsoft.MachineLearningServices/workspaces/ws1";

	private static final String WS1_KEYS = "/api/v1/subscriptions/" + SUBSCRIPTION
			+ "/resourceGroups/rg-alpha-1/workspaces/ws1/keys";

	/** The claims team-alpha's and platform's rules match, when the trusted issuer signs them. */
	private static final Map<String, Object> ALPHA_CLAIMS = Map.of("roles", List.of("team-alpha"), "azp",
			"client-alpha");

	@Test
	void meShowsTheTeamsOfTheTokensOwnIssuerOnly() {
		JsonNode partner = this.http.get("/api/v1/me", partnerToken()).json();
		JsonNode trusted = this.http.get("/api/v1/me", trustedToken()).json();

		assertThat(strings(partner.get("roles"))).containsExactly("team-alpha");
		assertThat(partner.get("issuer").asString()).isEqualTo(TestIssuer.issuer(TestIssuer.PARTNER));
		assertThat(strings(partner.get("teams"))).isEmpty();
		assertThat(strings(trusted.get("teams"))).containsExactly("platform", "team-alpha");
	}

	@Test
	void theDryRunShowsNoTeamForAnotherIssuersToken() {
		JsonNode decision = this.http.get("/api/v1/policy/decision?resourceId=" + WS1, partnerToken()).json();

		assertThat(decision.get("decision").asString()).isEqualTo("deny");
		assertThat(decision.get("reason").asString()).isEqualTo("no-team");
		assertThat(strings(decision.get("teams"))).isEmpty();
		assertThat(strings(decision.get("readable"))).isEmpty();
	}

	@Test
	void anotherIssuersTokenReadsNoKeysAndAzureIsNotCalled() {
		// Stubbed, so that only the policy can stop it.
		AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws1", fixture("workspace-list-keys-all-fields.json"));

		Http.Response response = this.http.get(WS1_KEYS, partnerToken());

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.json().get("code").asString()).isEqualTo("PolicyDenied");
		assertThat(response.json().get("reason").asString()).isEqualTo("no-team");
		assertThat(AzureStandIn.armCalls()).isZero();
	}

	private static String partnerToken() {
		return TestIssuer.token(TestIssuer.PARTNER, "svc-partner", ALPHA_CLAIMS);
	}

	private static String trustedToken() {
		return TestIssuer.token(TestIssuer.TRUSTED, "svc-alpha", ALPHA_CLAIMS);
	}

	private static List<String> strings(JsonNode array) {
		return array.valueStream().map(JsonNode::asString).toList();
	}

}
