package dev.credbroker.policy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.credbroker.support.TestPolicies;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DecisionTests {

	private static final String SUB = "/subscriptions/00000000-0000-4000-8000-0000000000a1";

	private static final String WS1 = SUB
			+ "/resourceGroups/rg-alpha-1/providers/Microsoft.MachineLearningServices/workspaces/ws1";

	private static final String SHARED = SUB
			+ "/resourceGroups/rg-alpha-1/providers/Microsoft.MachineLearningServices/workspaces/ws-shared";

	private static final List<String> WORKSPACE_FIELDS = List.of("userStorageKey", "userStorageResourceId",
			"containerRegistry.username", "containerRegistry.passwords.password",
			"containerRegistry.passwords.password2", "notebook.primaryAccessKey", "notebook.secondaryAccessKey");

	private final Policy policy = Policies.named("test-policies.yaml");

	private static final Map<String, Object> ALPHA = Policies.fromTrustedIssuer(Map.of("roles", List.of("team-alpha")));

	/**
	 * Fields that are not secret: reading one is seeing it, so asking to reveal it needs no grant to
	 * reveal, counts as asking for it, and reveals nothing.
	 */
	@Nested
	class FieldsThatAreNotSecret {

		private static final String ENDPOINT = WS1 + "/onlineEndpoints/churn-scorer";

		private static final List<String> TOKEN = List.of("token.accessToken", "token.tokenType", "token.expiryTimeUtc");

		private static final Set<String> CLEAR = Set.of("token.tokenType", "token.expiryTimeUtc");

		private final Access endpoints = policy.access(
				Policies.fromTrustedIssuer(Map.of("roles", List.of("team-endpoints"))), ENDPOINT);

		@Test
		void askingToRevealOneNeedsNoRevealGrant() {
			Decision decision = Decision.of(this.endpoints, TOKEN, CLEAR, List.of(),
					List.of(FieldPattern.parse("token.tokenType")));

			assertThat(decision.allowed()).isTrue();
			assertThat(decision.readable()).containsExactly("token.accessToken", "token.tokenType", "token.expiryTimeUtc");
			assertThat(decision.revealed()).isEmpty();
		}

		@Test
		void askingToRevealOneCountsAsAskingForIt() {
			Decision decision = Decision.of(this.endpoints, TOKEN, CLEAR, List.of(FieldPattern.parse("token.accessToken")),
					List.of(FieldPattern.parse("token.expiryTimeUtc")));

			assertThat(decision.readable()).containsExactly("token.accessToken", "token.expiryTimeUtc");
		}

		@Test
		void aSecretBesideThemStillNeedsItsGrant() {
			Decision decision = Decision.of(this.endpoints, TOKEN, CLEAR, List.of(), List.of(FieldPattern.parse("token.*")));

			assertThat(decision.allowed()).isFalse();
			assertThat(decision.reason()).isEqualTo(Decision.Reason.REVEAL_NOT_GRANTED);
			assertThat(decision.revealDenied()).containsExactly("token.accessToken");
		}

		@Test
		void withoutThemEveryFieldIsSecret() {
			Decision decision = Decision.of(this.endpoints, TOKEN, List.of(), List.of(FieldPattern.parse("token.tokenType")));

			assertThat(decision.revealDenied()).containsExactly("token.tokenType");
		}

		@Test
		void aCallerWhoMayNotReadOneDoesNotSeeIt() {
			Access alpha = policy.access(ALPHA, WS1);

			Decision decision = Decision.of(alpha, TOKEN, CLEAR, List.of(), List.of(FieldPattern.parse("token.tokenType")));

			assertThat(decision.allowed()).isTrue();
			assertThat(decision.readable()).isEmpty();
		}

	}

	@Nested
	class Teams {

		@Test
		void membershipByAnyMatcher() {
			assertThat(teams(Map.of("roles", List.of("team-alpha")))).containsExactly("team-alpha");
			assertThat(teams(Map.of("azp", "0f1e2d3c-0000-4000-8000-00000000a1fa"))).containsExactly("team-alpha");
			assertThat(teams(Map.of("roles", "team-alpha"))).containsExactly("team-alpha");
		}

		@Test
		void overlappingTeams() {
			assertThat(teams(Map.of("roles", List.of("team-beta", "team-alpha"), "azp", "client-alpha")))
				.containsExactly("platform", "team-alpha", "team-beta");
		}

		@Test
		void emptyAndWrongTypedClaims() {
			assertThat(teams(Map.of())).isEmpty();
			assertThat(teams(Map.of("roles", List.of()))).isEmpty();
			assertThat(teams(Map.of("roles", 42))).isEmpty();
			assertThat(teams(Map.of("roles", Map.of("team-alpha", true)))).isEmpty();
			assertThat(teams(Map.of("roles", List.of(1, true)))).isEmpty();
			assertThat(teams(Map.of("roles", "TEAM-ALPHA"))).isEmpty();
			assertThat(teams(Map.of("roles", "team-alpha "))).isEmpty();
		}

		@Test
		void aRuleMatchesTokensOfItsIssuerOnly() {
			Policy twoIssuers = PolicyLoader.load("p", """
					teams:
					  - name: alpha
					    members: [{claim: roles, anyOf: [team-alpha], issuer: "https://issuer.test/trusted"}]
					  - name: partner-alpha
					    members: [{claim: roles, anyOf: [team-alpha], issuer: "https://issuer.test/partner"}]
					""".getBytes(StandardCharsets.UTF_8), Set.of(TestPolicies.TRUSTED_ISSUER, TestPolicies.PARTNER_ISSUER));

			assertThat(twoIssuers.teamsOf(Map.of("roles", "team-alpha", "iss", TestPolicies.TRUSTED_ISSUER)))
				.extracting(Team::name)
				.containsExactly("alpha");
			assertThat(twoIssuers.teamsOf(Map.of("roles", "team-alpha", "iss", TestPolicies.PARTNER_ISSUER)))
				.extracting(Team::name)
				.containsExactly("partner-alpha");
			assertThat(twoIssuers.teamsOf(Map.of("roles", "team-alpha", "iss", "https://issuer.test/trusted/")))
				.isEmpty();
			assertThat(twoIssuers.teamsOf(Map.of("roles", "team-alpha"))).isEmpty();
			assertThat(twoIssuers.access(Map.of("roles", "team-alpha", "iss", "https://issuer.test/other"), WS1)
				.denial().map(Decision.Reason::value)).hasValue("no-team");
		}

		@Test
		void withOneTrustedIssuerARuleThatNamesNoneMeansThatOne() {
			Policy oneIssuer = Policies.load("teams:\n  - {name: a, members: [{claim: roles, anyOf: [x]}]}\n");

			assertThat(oneIssuer.teamsOf(Map.of("roles", "x", "iss", TestPolicies.TRUSTED_ISSUER))).hasSize(1);
			assertThat(oneIssuer.teamsOf(Map.of("roles", "x", "iss", TestPolicies.PARTNER_ISSUER))).isEmpty();
			assertThat(oneIssuer.teamsOf(Map.of("roles", "x"))).isEmpty();
		}

		private List<String> teams(Map<String, Object> claims) {
			return policy.teamsOf(Policies.fromTrustedIssuer(claims)).stream().map(Team::name).toList();
		}

	}

	@Nested
	class Denials {

		@Test
		void noTeam() {
			Decision decision = decide(Map.of("roles", "nobody"), WS1, List.of(), List.of());

			assertThat(decision.allowed()).isFalse();
			assertThat(decision.reason().value()).isEqualTo("no-team");
			assertThat(decision.readable()).isEmpty();
		}

		@Test
		void noGrant() {
			Decision decision = decide(ALPHA, WS1.replace("rg-alpha-1", "rg-beta"), List.of(), List.of());

			assertThat(decision.allowed()).isFalse();
			assertThat(decision.reason().value()).isEqualTo("no-grant");
			assertThat(decision.teams()).containsExactly("team-alpha");
			assertThat(decision.grants()).isEmpty();
		}

		@Test
		void aTeamWithoutGrants() {
			assertThat(decide(Map.of("groups", List.of("empty-group")), WS1, List.of(), List.of()).reason().value())
				.isEqualTo("no-grant");
		}

		@Test
		void revealOfAFieldThatIsNotRevealable() {
			Decision decision = decide(ALPHA, WS1, List.of(), List.of("containerRegistry.username"));

			assertThat(decision.allowed()).isFalse();
			assertThat(decision.reason().value()).isEqualTo("reveal-not-granted");
			assertThat(decision.revealDenied()).containsExactly("containerRegistry.username");
			assertThat(decision.readable()).isEmpty();
		}

		@Test
		void revealOfAFieldThatIsNotEvenReadable() {
			assertThat(decide(ALPHA, WS1, List.of(), List.of("userStorageKey")).revealDenied())
				.containsExactly("userStorageKey");
		}

		@Test
		void revealOfAFieldTheResourceLacksIsStillChecked() {
			assertThat(decide(ALPHA, WS1, List.of(), List.of("appInsightsInstrumentationKey")).revealDenied())
				.containsExactly("appInsightsInstrumentationKey");
		}

		@Test
		void aRevealPatternMustOnlyCoverRevealableFields() {
			Decision decision = decide(ALPHA, WS1, List.of(), List.of("containerRegistry.**"));

			assertThat(decision.allowed()).isFalse();
			assertThat(decision.revealDenied()).containsExactly("containerRegistry.username");
		}

	}

	@Nested
	class Allowed {

		@Test
		void readableFieldsOnlyAndTheGrantThatAllowedIt() {
			Decision decision = decide(ALPHA, WS1, List.of(), List.of());

			assertThat(decision.allowed()).isTrue();
			assertThat(decision.reason().value()).isEqualTo("allow");
			assertThat(decision.grants()).containsExactly("team-alpha#0");
			assertThat(decision.readable()).containsExactly("containerRegistry.username",
					"containerRegistry.passwords.password", "containerRegistry.passwords.password2",
					"notebook.primaryAccessKey", "notebook.secondaryAccessKey");
			assertThat(decision.revealed()).isEmpty();
		}

		@Test
		void caseDoesNotChangeTheDecision() {
			Decision lower = decide(ALPHA, WS1, List.of(), List.of());
			Decision upper = decide(ALPHA, WS1.replace("rg-alpha-1", "RG-ALPHA-1").replace("ws1", "WS1"), List.of(),
					List.of());

			assertThat(upper).isEqualTo(lower);
		}

		@Test
		void revealOfGrantedFields() {
			Decision decision = decide(ALPHA, WS1, List.of(), List.of("containerRegistry.passwords.*"));

			assertThat(decision.allowed()).isTrue();
			assertThat(decision.revealed()).containsExactly("containerRegistry.passwords.password",
					"containerRegistry.passwords.password2");
		}

		@Test
		void fieldsNarrowTheView() {
			Decision decision = decide(ALPHA, WS1, List.of("notebook.*", "userStorageKey"), List.of());

			assertThat(decision.readable()).containsExactly("notebook.primaryAccessKey", "notebook.secondaryAccessKey");
		}

		@Test
		void revealedFieldsJoinANarrowedView() {
			Decision decision = decide(ALPHA, WS1, List.of("notebook.secondaryAccessKey"),
					List.of("notebook.primaryAccessKey"));

			assertThat(decision.readable()).containsExactly("notebook.primaryAccessKey", "notebook.secondaryAccessKey");
			assertThat(decision.revealed()).containsExactly("notebook.primaryAccessKey");
		}

		@Test
		void overlappingTeamsGetTheUnionOfTheirGrants() {
			Map<String, Object> both = Map.of("roles", List.of("team-alpha", "team-beta"));

			Decision decision = decide(both, SHARED, List.of(), List.of("userStorageKey"));

			assertThat(decision.allowed()).isTrue();
			assertThat(decision.grants()).containsExactly("team-alpha#0", "beta-storage");
			assertThat(decision.readable()).contains("userStorageKey", "containerRegistry.username",
					"notebook.secondaryAccessKey");
			assertThat(decision.revealed()).containsExactly("userStorageKey");
		}

		@Test
		void aFieldIsRevealedOnlyByAGrantThatAlsoReadsIt() {
			// team-beta's grant reveals containerRegistry.username but does not read it; team-alpha's
			// reads it but does not reveal it. Neither grant alone lets the caller see it in clear.
			Map<String, Object> both = Map.of("roles", List.of("team-alpha", "team-beta"));

			Decision decision = decide(both, SHARED, List.of(), List.of("containerRegistry.username"));

			assertThat(decision.allowed()).isFalse();
			assertThat(decision.revealDenied()).containsExactly("containerRegistry.username");
		}

		@Test
		void theChargedTeamIsTheOneWhoseGrantAuthorised() {
			Access access = policy.access(Policies.fromTrustedIssuer(Map.of("roles", List.of("team-beta", "team-alpha"))),
					WS1);

			assertThat(access.chargedTeam()).hasValue("team-alpha");
			assertThat(access.grantsFor("notebook.primaryAccessKey", true)).containsExactly("team-alpha#0");
		}

	}

	@Nested
	class RememberedCoverage {

		@Test
		void aResourceAskedAboutAgainGetsTheSameAnswer() {
			Decision first = decide(ALPHA, WS1, List.of(), List.of("containerRegistry.passwords.*"));
			Decision again = decide(ALPHA, WS1, List.of(), List.of("containerRegistry.passwords.*"));

			assertThat(again).isEqualTo(first);
			assertThat(again.grants()).containsExactly("team-alpha#0");
		}

		@Test
		void whatOneCallerMayDoIsNeverRememberedForAnother() {
			Map<String, Object> beta = Map.of("roles", List.of("team-beta"));

			assertThat(decide(ALPHA, WS1, List.of(), List.of()).allowed()).isTrue();
			assertThat(decide(beta, WS1, List.of(), List.of()).reason().value()).isEqualTo("no-grant");
			assertThat(decide(Map.of("roles", "nobody"), WS1, List.of(), List.of()).reason().value()).isEqualTo("no-team");
			assertThat(decide(ALPHA, WS1, List.of(), List.of()).grants()).containsExactly("team-alpha#0");
		}

		@Test
		void aCallerInSeveralTeamsGetsEachTeamsCoveringGrants() {
			Map<String, Object> both = Policies.fromTrustedIssuer(Map.of("roles", List.of("team-beta", "team-alpha")));

			assertThat(policy.access(ALPHA, SHARED).grants()).containsExactly("team-alpha#0");
			assertThat(policy.access(both, SHARED).grants()).containsExactly("team-alpha#0", "beta-storage");
			assertThat(policy.access(both, SHARED).teams()).containsExactly("team-alpha", "team-beta");
		}

		@Test
		void forgettingCostsOnlyTheMatchingAgain() {
			for (int i = 0; i <= Policy.COVERAGE_ENTRIES; i++) {
				policy.access(ALPHA, WS1.replace("ws1", "ws-" + i));
			}

			assertThat(decide(ALPHA, WS1, List.of(), List.of()).grants()).containsExactly("team-alpha#0");
			assertThat(decide(ALPHA, WS1.replace("rg-alpha-1", "rg-beta"), List.of(), List.of()).reason().value())
				.isEqualTo("no-grant");
		}

	}

	private Decision decide(Map<String, Object> claims, String resourceId, List<String> fields, List<String> reveal) {
		return Decision.of(this.policy.access(Policies.fromTrustedIssuer(claims), resourceId), WORKSPACE_FIELDS,
				fields.stream().map(FieldPattern::parse).toList(), reveal.stream().map(FieldPattern::parse).toList());
	}

}
