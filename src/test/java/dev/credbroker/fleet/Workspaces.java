package dev.credbroker.fleet;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.credbroker.support.ArmStubs;
import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.Http;
import dev.credbroker.support.TestIssuer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workspaces of a subscription of one test's own, as the fleet tests ask brokers for them: so that
 * ARM budgets (per subscription) and the fleet's entries of one test never meet another's.
 *
 * @param subscription the subscription's id
 */
record Workspaces(String subscription) {

	private static final AtomicInteger subscriptions = new AtomicInteger();

	/** The resource group of every workspace here. */
	static final String RESOURCE_GROUP = "rg-fleet";

	/** @return workspaces of a subscription no other test uses */
	static Workspaces fresh() {
		return new Workspaces("00000000-0000-4000-8000-%012d".formatted(subscriptions.incrementAndGet()));
	}

	/** Makes the Azure stand-in answer a workspace's listKeys so (its managed-identity token only). */
	void stub(String workspace, ResponseDefinitionBuilder response) {
		AzureStandIn.server()
			.stubFor(ArmStubs.listKeys(resource(workspace), AzureStandIn.WORKSPACES_API_VERSION,
					AzureStandIn.MANAGED_IDENTITY_TOKEN)
				.willReturn(response));
	}

	/** @return the workspace's resource id */
	String resource(String workspace) {
		return ArmStubs.workspacePath(this.subscription, RESOURCE_GROUP, workspace);
	}

	/** @return the broker's path of the workspace's keys */
	String keys(String workspace) {
		return "/api/v1/subscriptions/" + this.subscription + "/resourceGroups/" + RESOURCE_GROUP + "/workspaces/"
				+ workspace + "/keys";
	}

	/**
	 * The fingerprint of the storage key in an answer, which tells Azure's answers apart.
	 * @param response an answer, which must be 200
	 * @return the fingerprint
	 */
	static String fingerprint(Http.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json().get("secrets").get("userStorageKey").get("fingerprint").asString();
	}

	/**
	 * A caller's token, for a team of the fleet tests' policy.
	 * @param role {@code readers}, {@code tight} (3 a minute) or {@code counted}
	 * @return the token
	 */
	static String token(String role) {
		return TestIssuer.token(TestIssuer.TRUSTED, "svc-" + role, Map.of("roles", List.of(role)));
	}

}
