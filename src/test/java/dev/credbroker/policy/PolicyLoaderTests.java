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

			assertInvalid(yaml, "line 8, column 9: team 'team-alpha' (teams[0]), grants[0]: 'reed' is not a key here");
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
					""", "line 7, column 21: team 'team-alpha' (teams[0]), grants[1], resources[0]: ", "'/subscriptions/**x'");
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
					""", "line 4, column 78: team 'a' (teams[0]), grants[0], reveal[1]", "'bad..pattern'");
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
				.withMessageStartingWith("Invalid policy file policies.yaml: line 7, column 9: team 'team-alpha' (teams[0]), "
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

			assertInvalid(yaml, "line 3, column 42: team 'a' (teams[0]), members[0]: 'issuer' must be one the broker trusts",
					"'https://issuer.test/trusted/' is not");
			assertThatExceptionOfType(InvalidPolicyException.class).isThrownBy(() -> loadTrustingTwo(yaml))
				.withMessageContaining("'https://issuer.test/trusted/' is not");
		}

		@Test
		void everyBreachOfTheSchemaIsListedWithItsLineAndColumn() {
			String yaml = """
					teams:
					  - name: 'has space'
					    members: [{claim: roles}]
					    grants:
					      - resources: ["/subscriptions/**"]
					        reed: ["**"]
					    quota: {requestsPerMinute: 0}
					""";

			assertThatExceptionOfType(InvalidPolicyException.class).isThrownBy(() -> load(yaml))
				.satisfies((ex) -> assertThat(ex.problems()).containsExactly(
						"line 2, column 5: team 'has space' (teams[0]): 'has space': 'name' must be 1-64 letters, digits, '_.#-'",
						"line 3, column 15: team 'has space' (teams[0]), members[0]: 'anyOf' must list at least one "
								+ "non-empty value",
						"line 6, column 9: team 'has space' (teams[0]), grants[0]: 'reed' is not a key here; the keys "
								+ "are id, resources, read, reveal, evict",
						"line 7, column 13: team 'has space' (teams[0]), quota: 'requestsPerMinute' must be a positive "
								+ "number"))
				.satisfies((ex) -> assertThat(ex.getMessage()).startsWith("Invalid policy file policies.yaml: line 2, column 5: ")
					.contains("; line 7, column 13: "));
		}

		@Test
		void everyProblemTheSchemaCannotSeeIsListedToo() {
			String yaml = """
					teams:
					  - name: a
					    members: [{claim: roles, anyOf: [x], issuer: "https://issuer.test/other"}]
					    grants: [{id: g, resources: ["/s"]}]
					  - name: a
					    members: [{claim: roles, anyOf: [y]}]
					    grants: [{id: g, resources: ["/s"]}]
					""";

			assertThatExceptionOfType(InvalidPolicyException.class).isThrownBy(() -> load(yaml))
				.satisfies((ex) -> assertThat(ex.problems()).hasSize(3)
					.satisfiesExactly(
							(problem) -> assertThat(problem).startsWith("line 3, column 42: team 'a' (teams[0]), "
									+ "members[0]: 'issuer' must be one the broker trusts"),
							(problem) -> assertThat(problem).isEqualTo("line 5, column 5: team 'a' (teams[1]): another "
									+ "team has this name"),
							(problem) -> assertThat(problem).isEqualTo("line 7, column 15: team 'a' (teams[1]), "
									+ "grants[0]: another grant has the id 'g'")));
		}

		@Test
		void entriesOfTheWrongShapeSayWhatTheyMustBe() {
			assertInvalid("- teams\n", "policies.yaml: line 1, column 1: must be a mapping");
			assertInvalid("teams: [5]\n", "policies.yaml: line 1, column 9: teams[0]: must be a mapping");
			assertInvalid("teams: []\nteam: []\n", "line 2, column 1: 'team' is not a key here; the keys are teams");
			assertInvalid("teams: [{name: a, members: [{claim: r, anyOf: [x]}], grants: [{resources: ['/s'], evict: 'yes'}]}]",
					"grants[0]: 'evict' must be true or false");
			assertInvalid("teams: [{name: a, members: [{claim: r, anyOf: [x]}], grants: {resources: ['/s']}}]",
					"team 'a' (teams[0]): 'grants' must be a list of grants");
		}

		@Test
		void problemsOnOneLineComeInTheOrderOfTheirColumns() {
			assertThatExceptionOfType(InvalidPolicyException.class)
				.isThrownBy(() -> load("teams: [{members: [], name: 'a b'}]\n"))
				.satisfies((ex) -> assertThat(ex.problems()).containsExactly(
						"line 1, column 10: team 'a b' (teams[0]): 'members' must list at least one claim matcher",
						"line 1, column 23: team 'a b' (teams[0]): 'a b': 'name' must be 1-64 letters, digits, '_.#-'"));
		}

		@Test
		void aKeywordWhoseSchemaGivesNoMessageIsNamed() {
			assertThat(PolicySchema.fallback("type", new Object[] { "string", "array" })).isEqualTo("must be a list");
			assertThat(PolicySchema.fallback("type", new Object[] { "string", "object" })).isEqualTo("must be a mapping");
			assertThat(PolicySchema.fallback("type", new Object[] { "string", "integer" }))
				.isEqualTo("must be a whole number");
			assertThat(PolicySchema.fallback("type", new Object[] { "string", "boolean" })).isEqualTo("must be true or false");
			assertThat(PolicySchema.fallback("type", new Object[] { "array", "string" })).isEqualTo("must be a string");
			assertThat(PolicySchema.fallback("type", new Object[] { "string" })).isEqualTo("breaks the schema's 'type'");
			assertThat(PolicySchema.fallback("type", null)).isEqualTo("breaks the schema's 'type'");
			assertThat(PolicySchema.fallback("uniqueItems", new Object[] { "x", "y" }))
				.isEqualTo("breaks the schema's 'uniqueItems'");
		}

		@Test
		void aClaimIsANameOrAJsonPointer() {
			assertInvalid("teams:\n  - {name: a, members: [{claim: ' roles', anyOf: [x]}]}\n",
					"line 2, column 26: team 'a' (teams[0]), members[0]: ' roles': 'claim' must name a claim");
			assertInvalid("teams:\n  - {name: a, members: [{claim: /kubernetes.io//namespace, anyOf: [x]}]}\n",
					"members[0]: '/kubernetes.io//namespace': 'claim' must name a claim");
			assertInvalid("teams:\n  - {name: a, members: [{claim: /a~2b, anyOf: [x]}]}\n", "'/a~2b': 'claim'");
		}

		@Test
		void filesNestedTooDeepAreRefusedWhereTheyGoTooDeep() {
			assertInvalid("teams: " + "[".repeat(100_000),
					"line 1, column 39: mappings and lists nest deeper than 32 levels here");
			assertInvalid("teams:\n" + "- ".repeat(100_000) + "x\n", "line 2, column 63: mappings and lists nest");
			assertInvalid("teams: " + "{a: ".repeat(100_000), "line 1, column 132: mappings and lists nest");
		}

		@Test
		void filesNestedToTheLimitAreReadAsOthersAre() {
			assertThatExceptionOfType(InvalidPolicyException.class)
				.isThrownBy(() -> load("teams: " + "[".repeat(31) + "]".repeat(31)))
				.satisfies((ex) -> assertThat(ex.getMessage()).contains("line 1, column 9: teams[0]: must be a mapping")
					.doesNotContain("nest deeper"));
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
