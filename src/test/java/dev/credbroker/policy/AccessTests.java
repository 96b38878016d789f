package dev.credbroker.policy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a caller may do with one resource: the union of its teams' grants that cover it.
 */
class AccessTests {

	private static final String SHARED = "/subscriptions/00000000-0000-4000-8000-0000000000a1/resourceGroups/rg-alpha-1"
			+ "/providers/Microsoft.MachineLearningServices/workspaces/ws-shared";

	private static final Map<String, Object> ALPHA_AND_BETA = Policies
		.fromTrustedIssuer(Map.of("roles", List.of("team-alpha", "team-beta")));

	private final Policy policy = Policies.named("test-policies.yaml");

	@Test
	void theGrantsForAFieldAreThoseThatReadItOrRevealIt() {
		Access access = this.policy.access(ALPHA_AND_BETA, SHARED);

		// team-alpha reads notebook.* and reveals only the primary key; team-beta reads the
		// secondary one and reveals none of them.
		assertThat(access.grantsFor("notebook.secondaryAccessKey", false)).containsExactly("team-alpha#0",
				"beta-storage");
		assertThat(access.grantsFor("notebook.secondaryAccessKey", true)).isEmpty();
		assertThat(access.grantsFor("notebook.primaryAccessKey", true)).containsExactly("team-alpha#0");
		assertThat(access.grantsFor("userStorageKey", true)).containsExactly("beta-storage");
		assertThat(access.grantsFor("vm.password", false)).isEmpty();
	}

	@Test
	void evictingTakesAGrantThatSaysSo() {
		Policy policy = Policies.load("p", """
				teams:
				  - name: ops
				    members: [{claim: roles, anyOf: [ops]}]
				    grants:
				      - {resources: ["/subscriptions/*/resourceGroups/rg-ops/**"], evict: true}
				      - {resources: ["/subscriptions/**"], read: ["**"]}
				""".getBytes());
		Map<String, Object> ops = Policies.fromTrustedIssuer(Map.of("roles", List.of("ops")));

		assertThat(policy.access(ops, "/subscriptions/s/resourceGroups/rg-ops/x").canEvict()).isTrue();
		assertThat(policy.access(ops, "/subscriptions/s/resourceGroups/rg-dev/x").canEvict()).isFalse();
		assertThat(this.policy.access(ALPHA_AND_BETA, SHARED).canEvict()).isFalse();
	}

	@Test
	void aPolicyNamesWhereItCameFromAndHowManyTeamsItHas() {
		assertThat(this.policy.source()).isEqualTo("test-policies.yaml");
		assertThat(this.policy).hasToString("Policy[source=test-policies.yaml, teams=7]");
	}

	@Test
	void theSmallestQuotaIsOneRequestAMinute() {
		Policy policy = Policies.load("p",
				"teams: [{name: a, members: [{claim: r, anyOf: [x]}], quota: {requestsPerMinute: 1}}]".getBytes());

		assertThat(policy.teams().get(0).requestsPerMinute()).isEqualTo(1);
	}

}
