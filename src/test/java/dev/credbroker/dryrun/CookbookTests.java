package dev.credbroker.dryrun;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The policies of the cookbook in {@code docs/policies.md}, under
 * {@code src/test/resources/dev/credbroker/cookbook/}: each is valid, loads without a warning, and
 * decides what the cookbook says it does, checked with {@code policy-check} as a policy
 * repository's CI would.
 */
class CookbookTests {

	/** The Entra ID tenant's issuer the cookbook names. */
	static final String ENTRA = "https://login.microsoftonline.com/11111111-1111-4111-8111-111111111111/v2.0";

	/** The AKS cluster's OIDC issuer the cookbook names. */
	static final String CLUSTER = "https://westeurope.oic.prod-aks.azure.com/11111111-1111-4111-8111-111111111111/"
			+ "22222222-2222-4222-8222-222222222222/";

	private static final String SUBSCRIPTION = "/subscriptions/00000000-0000-4000-8000-000000000001";

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path directory;

	@ParameterizedTest
	@ValueSource(strings = { "read-only-team.yaml", "ci-registry-passwords.yaml", "kubernetes-namespaces.yaml",
			"two-issuers.yaml" })
	void eachPolicyIsValidWithoutAWarningForABrokerTrustingBothIssuers(String policy) {
		Run run = run("policy-check", cookbook(policy).toString(), "--issuer", ENTRA, "--issuer", CLUSTER);

		assertThat(run.exit()).as(run.out()).isZero();
		assertThat(run.out()).contains(": valid: ").doesNotContain("warning");
	}

	@Nested
	class ReadOnlyTeam {

		@Test
		void readsEveryFieldOfItsWorkspacesAndRevealsNone() {
			JsonNode decision = decide("read-only-team.yaml", "data-science-service.json",
					workspace("rg-data-science", "ws-ds"));

			assertThat(decision.path("decision").asString()).isEqualTo("allow");
			assertThat(strings(decision, "teams")).containsExactly("data-science");
			assertThat(strings(decision, "readable")).hasSize(9).contains("userStorageKey", "notebook.primaryAccessKey");
			assertThat(strings(decision, "revealable")).isEmpty();
		}

		@Test
		void isRefusedAnyRevealAndOtherResourceGroups() {
			assertThat(decide("read-only-team.yaml", "data-science-service.json",
					workspace("rg-data-science", "ws-ds") + "/computes/aks-ds", "--reveal", "aks.userKubeConfig")
				.path("reason")
				.asString()).isEqualTo("reveal-not-granted");
			assertThat(decide("read-only-team.yaml", "data-science-service.json", workspace("rg-ml-prod", "ws-prod"))
				.path("reason")
				.asString()).isEqualTo("no-grant");
			assertThat(decide("read-only-team.yaml", "ci-pipeline.json", workspace("rg-data-science", "ws-ds"))
				.path("reason")
				.asString()).isEqualTo("no-team");
		}

	}

	@Nested
	class CiPipeline {

		@Test
		void revealsTheRegistryPasswordsOfProductionWorkspaces() {
			JsonNode decision = decide("ci-registry-passwords.yaml", "ci-pipeline.json",
					workspace("rg-ml-prod", "ws-prod"), "--reveal", "containerRegistry.passwords.password");

			assertThat(decision.path("decision").asString()).isEqualTo("allow");
			assertThat(strings(decision, "readable")).containsExactly("containerRegistry.location",
					"containerRegistry.username", "containerRegistry.passwords.password",
					"containerRegistry.passwords.password2");
			assertThat(strings(decision, "revealed")).containsExactly("containerRegistry.passwords.password");
		}

		@Test
		void seesNothingElse() {
			assertThat(decide("ci-registry-passwords.yaml", "ci-pipeline.json", workspace("rg-ml-prod", "ws-prod"),
					"--reveal", "notebook.primaryAccessKey")
				.path("reason")
				.asString()).isEqualTo("reveal-not-granted");
			assertThat(decide("ci-registry-passwords.yaml", "ci-pipeline.json", workspace("rg-ml-dev", "ws-dev"))
				.path("reason")
				.asString()).isEqualTo("no-grant");
			assertThat(decide("ci-registry-passwords.yaml", "data-science-service.json",
					workspace("rg-ml-prod", "ws-prod"))
				.path("reason")
				.asString()).isEqualTo("no-team");
		}

	}

	@Nested
	class KubernetesNamespaces {

		@Test
		void everyPodOfTheNamespaceIsInItsTeam() {
			JsonNode decision = decide("kubernetes-namespaces.yaml", "ml-training-pod.json",
					workspace("rg-ml-training", "ws-training"), "--reveal", "containerRegistry.passwords.password");

			assertThat(decision.path("decision").asString()).isEqualTo("allow");
			assertThat(strings(decision, "teams")).containsExactly("ml-training");
			assertThat(strings(decision, "revealed")).containsExactly("containerRegistry.passwords.password");
		}

		@Test
		void aServiceAccountIsATeamOfItsOwn() {
			String aks = workspace("rg-ml-serving", "ws-serving") + "/computes/aks-serving";

			JsonNode deployer = decide("kubernetes-namespaces.yaml", "ml-serving-deployer-pod.json", aks, "--reveal",
					"aks.userKubeConfig");
			assertThat(deployer.path("decision").asString()).isEqualTo("allow");
			assertThat(strings(deployer, "teams")).containsExactly("ml-serving-deployer");
			assertThat(decide("kubernetes-namespaces.yaml", "ml-serving-other-pod.json", aks).path("reason").asString())
				.isEqualTo("no-team");
			assertThat(decide("kubernetes-namespaces.yaml", "ml-training-pod.json", aks).path("reason").asString())
				.isEqualTo("no-grant");
		}

	}

	@Nested
	class OneTeamAcrossTwoIssuers {

		@Test
		void theTeamsServicesAndPodsAreBothIn() {
			String workspace = workspace("rg-ml-training", "ws-training");

			for (String caller : List.of("ml-training-service.json", "ml-training-pod.json")) {
				JsonNode decision = decide("two-issuers.yaml", caller, workspace, "--reveal",
						"containerRegistry.passwords.password");
				assertThat(decision.path("decision").asString()).as(caller).isEqualTo("allow");
				assertThat(strings(decision, "teams")).as(caller).containsExactly("ml-training");
			}
		}

		@Test
		void aClaimCountsOnlyAtTheIssuerItsRuleNames() throws IOException {
			// A pod's token that also carries a role, and an Entra token that also carries a namespace.
			Path podWithRole = Files.writeString(CookbookTests.this.directory.resolve("pod-with-role.json"), """
					{"iss": "%s", "sub": "system:serviceaccount:ml-serving:default", "roles": ["ml-training"],
					 "kubernetes.io": {"namespace": "ml-serving"}}
					""".formatted(CLUSTER));
			Path serviceWithNamespace = Files.writeString(CookbookTests.this.directory.resolve("service.json"), """
					{"iss": "%s", "sub": "s", "roles": ["data-science"], "kubernetes.io": {"namespace": "ml-training"}}
					""".formatted(ENTRA));

			for (Path caller : List.of(podWithRole, serviceWithNamespace)) {
				assertThat(decide("two-issuers.yaml", caller, workspace("rg-ml-training", "ws-training"))
					.path("reason")
					.asString()).as(caller.toString()).isEqualTo("no-team");
			}
		}

	}

	private static String workspace(String resourceGroup, String workspace) {
		return SUBSCRIPTION + "/resourceGroups/" + resourceGroup
				+ "/providers/Microsoft.MachineLearningServices/workspaces/" + workspace;
	}

	private static JsonNode decide(String policy, String claims, String resource, String... options) {
		return decide(policy, cookbook("claims/" + claims), resource, options);
	}

	private static JsonNode decide(String policy, Path claims, String resource, String... options) {
		List<String> args = new ArrayList<>(List.of("policy-check", cookbook(policy).toString(), "--issuer", ENTRA,
				"--issuer", CLUSTER, "--claims", claims.toString(), "--resource", resource));
		args.addAll(List.of(options));
		Run run = run(args.toArray(String[]::new));
		assertThat(run.exit()).as(run.out()).isZero();
		return json.readTree(run.out());
	}

	private static List<String> strings(JsonNode decision, String name) {
		return decision.path(name).valueStream().map(JsonNode::asString).toList();
	}

	/**
	 * A file of the cookbook.
	 * @param name its name under {@code dev/credbroker/cookbook/}
	 * @return its path
	 */
	static Path cookbook(String name) {
		try {
			return Path.of(CookbookTests.class.getResource("/dev/credbroker/cookbook/" + name).toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Run run(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exit = PolicyCheck.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Run(exit, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
	}

	private record Run(int exit, String out) {
	}

}
