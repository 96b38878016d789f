package dev.credbroker.dryrun;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.credbroker.CredentialBrokerApplication;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code policy-check}: a policy file checked offline as the broker loads it, and the dry run's
 * decision for given claims, as the dry-run endpoint answers it.
 */
class PolicyCheckTests {

	private static final String ISSUER = "https://login.microsoftonline.com/00000000-0000-4000-8000-0000000000e1/v2.0";

	private static final String WORKSPACE = "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/"
			+ "rg-alpha/providers/Microsoft.MachineLearningServices/workspaces/ws-alpha";

	private static final String POLICY = """
			teams:
			  - name: team-alpha
			    members:
			      - {claim: roles, anyOf: [team-alpha], issuer: "%s"}
			    grants:
			      - id: alpha-ml
			        resources: ["/subscriptions/*/resourceGroups/rg-alpha/**"]
			        read: ["containerRegistry.**", "notebook.*"]
			        reveal: ["containerRegistry.passwords.*"]
			""".formatted(ISSUER);

	@TempDir
	Path directory;

	@Nested
	class Lint {

		@Test
		void aValidFileIsSaidValidWithExitZero() throws IOException {
			Run run = policyCheck(file("policies.yaml", POLICY));

			assertThat(run.exit()).isZero();
			assertThat(run.out()).contains("policy-check: " + path("policies.yaml") + ": valid: 1 teams, 1 grants, "
					+ "checked as a broker trusting '" + ISSUER + "'")
				.contains("pass --issuer for each issuer the broker trusts");
			assertThat(run.err()).isEmpty();
		}

		@Test
		void theWarningsTheBrokerLogsAtLoadArePrinted() throws IOException {
			Run run = policyCheck(file("policies.yaml", POLICY.replace("notebook.*", "notebook.primaryKey")
				.replace("{claim: roles", "{claim: email")), "--issuer", ISSUER);

			assertThat(run.exit()).isZero();
			assertThat(run.out()).contains(path("policies.yaml") + ": warning: field patterns that match no secret "
					+ "field, and so grant nothing: grant 'alpha-ml' read 'notebook.primaryKey'")
				.contains(path("policies.yaml") + ": warning: member rules on claims that a token's owner can change "
						+ "themselves")
				.doesNotContain("pass --issuer");
		}

		@Test
		void anInvalidFileHasEveryProblemListedWithExitOne() throws IOException {
			Path file = file("policies.yaml", POLICY.replace("id: alpha-ml", "id: alpha ml")
				.replace("read:", "reed:")
				.replace("anyOf: [team-alpha]", "anyOf: []"));

			Run run = policyCheck(file);

			assertThat(run.exit()).isEqualTo(1);
			assertThat(run.out().lines().toList()).containsExactly(
					"policy-check: " + file + ": invalid, 3 problems:",
					file + ": line 4, column 24: team 'team-alpha' (teams[0]), members[0]: 'anyOf' must list at "
							+ "least one non-empty value",
					file + ": line 6, column 9: team 'team-alpha' (teams[0]), grants[0]: 'alpha ml': 'id' must be "
							+ "1-64 letters, digits, '_.#-'",
					file + ": line 8, column 9: team 'team-alpha' (teams[0]), grants[0]: 'reed' is not a key here; "
							+ "the keys are id, resources, read, reveal, evict");
		}

		@Test
		void theIssuersTheBrokerTrustsArePartOfTheCheck() throws IOException {
			Path file = file("policies.yaml", POLICY.replace(", issuer: \"" + ISSUER + "\"", ""));

			assertThat(policyCheck(file).exit()).isZero();
			assertThat(policyCheck(file, "--issuer", ISSUER).exit()).isZero();
			Run trustingTwo = policyCheck(file, "--issuer", ISSUER, "--issuer", "https://cluster.example/");
			assertThat(trustingTwo.exit()).isEqualTo(1);
			assertThat(trustingTwo.out()).contains("members[0]: the rule on claim 'roles' must name its 'issuer'");
		}

		@Test
		void aFileThatCannotBeReadExitsTwo() {
			Run missing = policyCheck(this.directory().resolve("nothing.yaml"));
			Run directory = policyCheck(this.directory());

			assertThat(missing.exit()).isEqualTo(2);
			assertThat(missing.err()).contains("no such file: " + this.directory().resolve("nothing.yaml"));
			assertThat(directory.exit()).isEqualTo(2);
			assertThat(directory.err()).contains("cannot read " + this.directory());
		}

		@Test
		void badUsageExitsTwoAndSaysHow() throws IOException {
			Path file = file("policies.yaml", POLICY);

			for (String[] args : List.of(new String[] { "policy-check" },
					new String[] { "policy-check", file.toString(), file.toString() },
					new String[] { "policy-check", file.toString(), "--strict" },
					new String[] { "policy-check", file.toString(), "--issuer" },
					new String[] { "policy-check", file.toString(), "--resource", WORKSPACE },
					new String[] { "policy-check", file.toString(), "--reveal", "x" })) {
				Run run = run(args);
				assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(2);
				assertThat(run.err()).as(String.join(" ", args)).contains("usage: java -jar credential-broker.jar "
						+ "policy-check FILE");
			}
		}

		private Path directory() {
			return PolicyCheckTests.this.directory;
		}

	}

	@Nested
	class DryRun {

		private static final JsonMapper json = JsonMapper.builder().build();

		@Test
		void theDecisionIsPrintedAsTheDryRunEndpointsJson() throws IOException {
			Run run = policyCheck(file("policies.yaml", POLICY), "--claims", claims("team-alpha"), "--resource",
					WORKSPACE, "--reveal", "containerRegistry.passwords.password");

			assertThat(run.exit()).isZero();
			assertThat(json.readTree(run.out())).isEqualTo(json.readTree("""
					{"resourceId": "%s", "decision": "allow", "reason": "allow", "teams": ["team-alpha"],
					 "grants": ["alpha-ml"],
					 "readable": ["containerRegistry.location", "containerRegistry.username",
					              "containerRegistry.passwords.password", "containerRegistry.passwords.password2",
					              "notebook.primaryAccessKey", "notebook.secondaryAccessKey"],
					 "revealable": ["containerRegistry.passwords.password", "containerRegistry.passwords.password2"],
					 "revealed": ["containerRegistry.passwords.password"], "revealDenied": []}
					""".formatted(WORKSPACE)));
		}

		@Test
		void fieldsThatAreNotSecretAreReadableButNeverRevealable() throws IOException {
			String everything = """
					teams:
					  - name: team-alpha
					    members:
					      - {claim: roles, anyOf: [team-alpha], issuer: "%s"}
					    grants:
					      - id: alpha-all
					        resources: ["/subscriptions/*/resourceGroups/rg-alpha/**"]
					        read: ["**"]
					        reveal: ["**"]
					""".formatted(ISSUER);
			Run run = policyCheck(file("everything.yaml", everything), "--claims", claims("team-alpha"),
					"--resource", WORKSPACE + "/onlineEndpoints/churn-scorer", "--reveal", "token.tokenType");

			JsonNode decision = json.readTree(run.out());
			assertThat(run.exit()).isZero();
			assertThat(decision.path("decision").asString()).isEqualTo("allow");
			// An online endpoint has keys and a token: the dry run decides on both kinds' fields.
			assertThat(decision.path("readable").valueStream().map(JsonNode::asString)).containsExactly(
					"endpoint.primaryKey", "endpoint.secondaryKey", "token.accessToken", "token.tokenType",
					"token.expiryTimeUtc", "token.refreshAfterTimeUtc");
			assertThat(decision.path("revealable").valueStream().map(JsonNode::asString))
				.containsExactly("endpoint.primaryKey", "endpoint.secondaryKey", "token.accessToken");
			// Shown in clear to whoever may read it: asking to reveal it reveals nothing.
			assertThat(decision.path("revealed").valueStream()).isEmpty();
		}

		@Test
		void aRevealThePolicyDoesNotAllowIsDenied() throws IOException {
			Run run = policyCheck(file("policies.yaml", POLICY), "--claims", claims("team-alpha"), "--resource",
					WORKSPACE, "--fields", "notebook.*", "--reveal", "notebook.primaryAccessKey,userStorageKey");

			JsonNode decision = json.readTree(run.out());
			assertThat(run.exit()).isZero();
			assertThat(decision.path("decision").asString()).isEqualTo("deny");
			assertThat(decision.path("reason").asString()).isEqualTo("reveal-not-granted");
			assertThat(decision.path("revealDenied").valueStream().map(JsonNode::asString))
				.containsExactly("userStorageKey", "notebook.primaryAccessKey");
		}

		@Test
		void aCallerInNoTeamIsDeniedWithoutAWordOfTheResource() throws IOException {
			Run run = policyCheck(file("policies.yaml", POLICY), "--claims", claims("team-beta"), "--resource",
					WORKSPACE.replace("ws-alpha", "ws-alpha/computes/aks-alpha"));

			JsonNode decision = json.readTree(run.out());
			assertThat(decision.path("decision").asString()).isEqualTo("deny");
			assertThat(decision.path("reason").asString()).isEqualTo("no-team");
			assertThat(decision.path("readable").isEmpty()).isTrue();
		}

		@Test
		void warningsGoToStandardErrorSoThatTheJsonStaysClean() throws IOException {
			Run run = policyCheck(file("policies.yaml", POLICY.replace("notebook.*", "notebook.primaryKey")),
					"--claims", claims("team-alpha"), "--resource", WORKSPACE);

			assertThat(run.exit()).isZero();
			assertThat(json.readTree(run.out()).path("decision").asString()).isEqualTo("allow");
			assertThat(run.err()).contains("warning: field patterns that match no secret field");
		}

		@Test
		void anInvalidPolicyDecidesNothing() throws IOException {
			Run run = policyCheck(file("policies.yaml", POLICY.replace("read:", "reed:")), "--claims",
					claims("team-alpha"), "--resource", WORKSPACE);

			assertThat(run.exit()).isEqualTo(1);
			assertThat(run.out()).contains("invalid, 1 problem:").doesNotContain("decision");
		}

		@Test
		void badClaimsResourcesAndPatternsExitTwo() throws IOException {
			Path policy = file("policies.yaml", POLICY);
			Path notJson = file("claims.json", "[\"roles\"]");
			Path claims = claims("team-alpha");

			assertThat(policyCheck(policy, "--claims", notJson, "--resource", WORKSPACE).err())
				.contains("must hold a JSON object of claims");
			Run badResource = policyCheck(policy, "--claims", claims, "--resource", "/subscriptions/x");
			assertThat(badResource.exit()).isEqualTo(2);
			assertThat(badResource.err()).contains("--resource: 'resourceId' must match");
			Run badPattern = policyCheck(policy, "--claims", claims, "--resource", WORKSPACE, "--reveal", "a..b");
			assertThat(badPattern.exit()).isEqualTo(2);
			assertThat(badPattern.err()).contains("--reveal: ");
			// The API's own reading of fields and reveal, its limits included.
			Run tooMany = policyCheck(policy, "--claims", claims, "--resource", WORKSPACE, "--fields",
					String.join(",", java.util.Collections.nCopies(33, "notebook.*")));
			assertThat(tooMany.exit()).isEqualTo(2);
			assertThat(tooMany.err()).contains("--fields: at most 32 names or patterns");
		}

		private Path claims(String role) throws IOException {
			return file("claims-" + role + ".json", """
					{"iss": "%s", "sub": "ci-pipeline", "aud": "api://credential-broker", "roles": ["%s"]}
					""".formatted(ISSUER, role));
		}

	}

	/** The command in a JVM of its own, through the jar's main: no Spring, no web server. */
	@Test
	void theApplicationsMainRunsTheCommandBeforeSpringStarts() throws Exception {
		Path policy = file("policies.yaml", POLICY.replace("read:", "reed:"));
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				CredentialBrokerApplication.class.getName(), "policy-check", policy.toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isEqualTo(1);
		assertThat(output).contains("'reed' is not a key here").doesNotContain("Spring", "Tomcat", "Unknown keyword");
	}

	private Path file(String name, String content) throws IOException {
		return Files.writeString(this.directory.resolve(name), content);
	}

	private Path path(String name) {
		return this.directory.resolve(name);
	}

	private static Run policyCheck(Path file, Object... options) {
		List<String> args = new ArrayList<>(List.of("policy-check", file.toString()));
		for (Object option : options) {
			args.add(option.toString());
		}
		return run(args.toArray(String[]::new));
	}

	private static Run run(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exit = PolicyCheck.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	/** What one run of the command said. */
	record Run(int exit, String out, String err) {
	}

}
