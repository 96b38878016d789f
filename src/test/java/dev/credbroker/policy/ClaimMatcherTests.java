package dev.credbroker.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member rule matches a claim by name, or a nested one by a JSON Pointer, such as those of a
 * Kubernetes service account token.
 */
class ClaimMatcherTests {

	private static final String CLUSTER = "https://oidc.prod-aks.azure.com/00000000-0000-4000-8000-0000000000c1/";

	/** The claims of a projected service account token of the pod of {@code trainer} in {@code ml-training}. */
	private static final Map<String, Object> POD = Map.of("iss", CLUSTER, "aud", List.of("credential-broker"), "sub",
			"system:serviceaccount:ml-training:trainer", "kubernetes.io",
			Map.of("namespace", "ml-training", "pod", Map.of("name", "trainer-7c9f-x2x4q", "uid", "pod-uid"),
					"serviceaccount", Map.of("name", "trainer", "uid", "sa-uid")));

	@Test
	void aPlainNameIsATopLevelClaim() {
		assertThat(rule("sub", "system:serviceaccount:ml-training:trainer").matches(POD)).isTrue();
		assertThat(rule("sub", "system:serviceaccount:ml-training:other").matches(POD)).isFalse();
		// A dot is part of a name: this is the top-level claim named "kubernetes.io", an object.
		assertThat(rule("kubernetes.io", "ml-training").matches(POD)).isFalse();
	}

	@Test
	void aJsonPointerReachesANestedClaim() {
		assertThat(rule("/kubernetes.io/namespace", "ml-training").matches(POD)).isTrue();
		assertThat(rule("/kubernetes.io/namespace", "ml-serving").matches(POD)).isFalse();
		assertThat(rule("/kubernetes.io/serviceaccount/name", "trainer").matches(POD)).isTrue();
		assertThat(rule("/sub", "system:serviceaccount:ml-training:trainer").matches(POD)).isTrue();
	}

	@Test
	void aPointerThatLeadsNowhereOrToAnObjectMatchesNothing() {
		assertThat(rule("/kubernetes.io/nothing", "ml-training").matches(POD)).isFalse();
		assertThat(rule("/kubernetes.io/namespace/deeper", "ml-training").matches(POD)).isFalse();
		assertThat(rule("/kubernetes.io/serviceaccount", "trainer").matches(POD)).isFalse();
		assertThat(rule("/nothing/namespace", "ml-training").matches(POD)).isFalse();
	}

	@Test
	void aPointerEscapesSlashesAndTildes() {
		Map<String, Object> claims = Map.of("iss", CLUSTER, "a/b", Map.of("c~d", List.of("x", "y")));

		assertThat(rule("/a~1b/c~0d", "y").matches(claims)).isTrue();
		assertThat(new ClaimMatcher("/a~1b/c~0d", Set.of("y"), CLUSTER).path()).containsExactly("a/b", "c~d");
		assertThat(new ClaimMatcher("/a~01", Set.of("y"), CLUSTER).path()).containsExactly("a~1");
		assertThat(new ClaimMatcher("a/b", Set.of("y"), CLUSTER).path()).containsExactly("a/b");
	}

	@Test
	void aNestedClaimOfAnotherIssuerMatchesNothing() {
		Map<String, Object> elsewhere = new java.util.HashMap<>(POD);
		elsewhere.put("iss", "https://oidc.prod-aks.azure.com/00000000-0000-4000-8000-0000000000c2/");

		assertThat(rule("/kubernetes.io/namespace", "ml-training").matches(elsewhere)).isFalse();
	}

	@Test
	void aPointerToAClaimItsOwnerCanChangeIsWarnedOfLikeItsName() {
		assertThat(rule("/email", "a@example.com").onAClaimItsOwnerCanChange()).isTrue();
		assertThat(rule("email", "a@example.com").onAClaimItsOwnerCanChange()).isTrue();
		assertThat(rule("/kubernetes.io/namespace", "ml-training").onAClaimItsOwnerCanChange()).isFalse();
	}

	@Test
	void aPolicyLoadsRulesOnNestedClaims() {
		Policy policy = PolicyLoader.load("p", """
				teams:
				  - name: ml-training
				    members:
				      - {claim: /kubernetes.io/namespace, anyOf: [ml-training]}
				""".getBytes(), Set.of(CLUSTER));

		assertThat(policy.teamsOf(POD)).extracting(Team::name).containsExactly("ml-training");
	}

	private static ClaimMatcher rule(String claim, String value) {
		return new ClaimMatcher(claim, Set.of(value), CLUSTER);
	}

}
