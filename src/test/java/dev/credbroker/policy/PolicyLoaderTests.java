package dev.credbroker.policy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;

import dev.credbroker.support.TestPolicies;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PolicyLoaderTests {

	@Test
	void theIssuesExampleLoadsAsWritten() {
		Policy policy = Policies.named("issue-example.yaml");

		assertThat(policy.teams()).singleElement().satisfies((team) -> {
			assertThat(team.name()).isEqualTo("team-alpha");
			assertThat(team.members()).hasSize(2);
			assertThat(team.requestsPerMinute()).isEqualTo(600);
			assertThat(team.grants()).singleElement().satisfies((grant) -> {
				assertThat(grant.id()).isEqualTo("team-alpha#0");
				assertThat(grant.resources()).hasSize(2);
				assertThat(grant.read()).hasSize(5);
				assertThat(grant.reveal()).hasSize(2);
				assertThat(grant.evict()).isFalse();
			});
		});
	}

	@Test
	void theTestPolicyLoads() {
		Policy policy = Policies.named("test-policies.yaml");

		assertThat(policy.teams()).extracting(Team::name)
			.containsExactly("platform", "team-alpha", "team-beta", "team-registry", "team-empty", "team-endpoints",
					"team-connections");
		assertThat(policy.teams().get(4).grants()).isEmpty();
	}

	@Test
	void anEmptyTeamListDeniesEverything() {
		Policy policy = load("teams: []");

		assertThat(policy.teams()).isEmpty();
		assertThat(policy.access(java.util.Map.of("roles", "x"), "/subscriptions/s").denial().map(Decision.Reason::value))
			.hasValue("no-team");
	}

	@Nested
	class InvalidFiles {

		@Test
		void syntaxErrorsGiveTheLine() {
			assertInvalid("teams:\n  - name: a\n    members: [\n", "policies.yaml", "line ");
		}

		@Test
		void unknownKeysAreRefusedWithLineAndPath() {
			String yaml = """
					teams:
					  - name: team-alpha
					    members:
					      - claim: roles
					        anyOf: [team-alpha]
					    grants:
					      - resources: ["/subscriptions/**"]
					        reed: ["**"]
					""";

			assertInvalid(yaml, "line 8", "teams[0].grants[0]", "reed");
		}

		@Test
		void duplicateKeysAreRefused() {
			assertInvalid("""
					teams:
					  - name: a
					    name: b
					    members: [{claim: roles, anyOf: [x]}]
					""", "line 3", "name");
		}

		@Test
		void missingTeams() {
			assertInvalid("{}", "no 'teams' list");
			assertInvalid("", "empty");
			assertInvalid("# only a comment\n", "empty");
			assertInvalid("teams:\n", "no 'teams' list");
		}

		@Test
		void teamsNeedAName() {
			assertInvalid("teams:\n  - members: [{claim: roles, anyOf: [x]}]\n", "teams[0]", "'name'");
			assertInvalid("teams:\n  - name: 'has space'\n    members: [{claim: roles, anyOf: [x]}]\n", "teams[0]");
		}

		@Test
		void teamNamesAreUnique() {
			assertInvalid("""
					teams:
					  - {name: a, members: [{claim: roles, anyOf: [x]}]}
					  - {name: a, members: [{claim: roles, anyOf: [y]}]}
					""", "team 'a' (teams[1])", "another team");
		}

		@Test
		void teamsNeedMembers() {
			assertInvalid("teams:\n  - name: a\n", "team 'a'", "'members'");
			assertInvalid("teams:\n  - {name: a, members: [{claim: roles}]}\n", "team 'a' (teams[0]), members[0]",
					"'anyOf'");
			assertInvalid("teams:\n  - {name: a, members: [{claim: roles, anyOf: []}]}\n", "members[0]", "'anyOf'");
			assertInvalid("teams:\n  - {name: a, members: [{anyOf: [x]}]}\n", "members[0]", "'claim'");
		}

		@Test
		void badResourcePatternsNameTheEntry() {
			assertInvalid("""
					teams:
					  - name: team-alpha
					    members: [{claim: roles, anyOf: [x]}]
					    grants:
					      - resources: ["/subscriptions/**"]
					        read: ["**"]
					      - resources: ["/subscriptions/**x"]
					""", "line 7: team 'team-alpha' (teams[0]), grants[1], resources[0]: ", "'/subscriptions/**x'");
		}

		@Test
		void grantsNeedResources() {
			assertInvalid("teams:\n  - {name: a, members: [{claim: r, anyOf: [x]}], grants: [{read: ['**']}]}\n",
					"grants[0]", "'resources'");
		}

		@Test
		void badFieldPatternsNameTheEntry() {
			assertInvalid("""
					teams:
					  - name: a
					    members: [{claim: r, anyOf: [x]}]
					    grants: [{resources: ["/subscriptions/**"], read: ["ok"], reveal: ["ok", "bad..pattern"]}]
					""", "line 4: team 'a' (teams[0]), grants[0], reveal[1]", "'bad..pattern'");
		}

		@Test
		void grantIdsAreUnique() {
			assertInvalid("""
					teams:
					  - name: a
					    members: [{claim: r, anyOf: [x]}]
					    grants: [{id: g, resources: ["/s"]}]
					  - name: b
					    members: [{claim: r, anyOf: [y]}]
					    grants: [{id: g, resources: ["/s"]}]
					""", "team 'b'", "'g'");
		}

		@Test
		void quotasArePositive() {
			assertInvalid("teams:\n  - {name: a, members: [{claim: r, anyOf: [x]}], quota: {requestsPerMinute: 0}}\n",
					"team 'a' (teams[0]), quota", "positive");
			assertInvalid("teams:\n  - {name: a, members: [{claim: r, anyOf: [x]}], quota: {requestsPerMinute: many}}\n",
					"line 2", "requestsPerMinute");
		}

		@Test
		void withSeveralTrustedIssuersEveryRuleNamesItsIssuer() {
			String yaml = """
					teams:
					  - name: team-alpha
					    members:
					      - claim: azp
					        anyOf: [client-alpha]
					        issuer: https://issuer.test/trusted
					      - claim: roles
					        anyOf: [team-alpha]
					""";

			assertThatExceptionOfType(InvalidPolicyException.class).isThrownBy(() -> loadTrustingTwo(yaml))
				.withMessageStartingWith("Invalid policy file policies.yaml: line 7: team 'team-alpha' (teams[0]), "
						+ "members[1]: the rule on claim 'roles' must name its 'issuer'")
				.withMessageContaining("'https://issuer.test/trusted', 'https://issuer.test/partner'");
			assertThat(loadTrustingTwo(yaml + "        issuer: https://issuer.test/partner\n").teams()).hasSize(1);
		}

		@Test
		void aRuleNamesATrustedIssuerExactly() {
			String yaml = """
					teams:
					  - name: a
					    members: [{claim: roles, anyOf: [x], issuer: "https://issuer.test/trusted/"}]
					""";

			assertInvalid(yaml, "line 3: team 'a' (teams[0]), members[0]: 'issuer' must be one the broker trusts",
					"'https://issuer.test/trusted/' is not");
			assertThatExceptionOfType(InvalidPolicyException.class).isThrownBy(() -> loadTrustingTwo(yaml))
				.withMessageContaining("'https://issuer.test/trusted/' is not");
		}

		private static Policy loadTrustingTwo(String yaml) {
			return PolicyLoader.load("policies.yaml", yaml.getBytes(StandardCharsets.UTF_8),
					new LinkedHashSet<>(List.of(TestPolicies.TRUSTED_ISSUER, TestPolicies.PARTNER_ISSUER)));
		}

		private static void assertInvalid(String yaml, String... expected) {
			assertThatExceptionOfType(InvalidPolicyException.class).isThrownBy(() -> load(yaml))
				.satisfies((ex) -> assertThat(ex.getMessage()).startsWith("Invalid policy file policies.yaml: ")
					.contains(expected));
		}

	}

	private static Policy load(String yaml) {
		return Policies.load(yaml);
	}

}
