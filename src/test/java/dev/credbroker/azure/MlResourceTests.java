package dev.credbroker.azure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MlResourceTests {

	private static final String SUBSCRIPTION = "34adfa4f-cedf-4dc0-ba29-b6d1a69ab345";

	@Test
	void azureExampleNamesAreValid() {
		MlResource compute = MlResource.compute(SUBSCRIPTION, "testrg123", "workspaces123", "compute123");

		assertThat(compute.id()).isEqualTo("/subscriptions/" + SUBSCRIPTION
				+ "/resourceGroups/testrg123/providers/Microsoft.MachineLearningServices/workspaces/workspaces123/computes/compute123");
		assertThat(compute.path()).containsExactly(Segment.SUBSCRIPTION, Segment.RESOURCE_GROUP, Segment.WORKSPACE,
				Segment.COMPUTE);
		assertThat(MlResource.workspace(SUBSCRIPTION, "testrg123", "workspaces123").path())
			.containsExactly(Segment.SUBSCRIPTION, Segment.RESOURCE_GROUP, Segment.WORKSPACE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "a", "rg.with.dots", "rg(paren)", "under_score", "UPPER-lower-09" })
	void resourceGroupsWithinTheRules(String name) {
		assertThat(MlResource.workspace(SUBSCRIPTION, name, "ws1").resourceGroup()).isEqualTo(name);
	}

	@Test
	void resourceGroupLengthLimitIsNinety() {
		assertThat(MlResource.workspace(SUBSCRIPTION, "r".repeat(90), "ws1").resourceGroup()).isEqualTo("r".repeat(90));
		assertInvalid("resourceGroupName", () -> MlResource.workspace(SUBSCRIPTION, "r".repeat(91), "ws1"));
		assertInvalid("resourceGroupName", () -> MlResource.workspace(SUBSCRIPTION, "", "ws1"));
		assertInvalid("resourceGroupName", () -> MlResource.workspace(SUBSCRIPTION, "ends.", "ws1"));
		assertInvalid("resourceGroupName", () -> MlResource.workspace(SUBSCRIPTION, "rg/..", "ws1"));
		assertInvalid("resourceGroupName", () -> MlResource.workspace(SUBSCRIPTION, "rg\n", "ws1"));
	}

	@Test
	void workspaceNameLimits() {
		assertThat(MlResource.workspace(SUBSCRIPTION, "rg", "abc").workspace()).isEqualTo("abc");
		assertThat(MlResource.workspace(SUBSCRIPTION, "rg", "a".repeat(33)).workspace()).isEqualTo("a".repeat(33));
		assertInvalid("workspaceName", () -> MlResource.workspace(SUBSCRIPTION, "rg", "ab"));
		assertInvalid("workspaceName", () -> MlResource.workspace(SUBSCRIPTION, "rg", "a".repeat(34)));
		assertInvalid("workspaceName", () -> MlResource.workspace(SUBSCRIPTION, "rg", "ws1\n"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", "aks1", "gpu-cluster", "a-1b", "cccccccccccccccccccccccc" })
	void computeNamesWithinTheRules(String name) {
		assertThat(MlResource.compute(SUBSCRIPTION, "rg", "ws1", name).name(Segment.COMPUTE)).isEqualTo(name);
	}

	@ParameterizedTest
	@ValueSource(strings = { "ab", "1abc", "cluster-1", "gpu-cluster-42", "ccccccccccccccccccccccccc", "has_underscore",
			"dot.ted" })
	void computeNamesAgainstTheRules(String name) {
		assertInvalid("computeName", () -> MlResource.compute(SUBSCRIPTION, "rg", "ws1", name));
	}

	@Test
	void everyBrokenNameIsReportedInPathOrder() {
		assertThatExceptionOfType(InvalidResourceNameException.class)
			.isThrownBy(() -> MlResource.compute("nope", "rg", "-bad", "1bad"))
			.satisfies((ex) -> assertThat(ex.violations()).extracting(InvalidResourceNameException.Violation::parameter)
				.containsExactly("subscriptionId", "workspaceName", "computeName"));
	}

	@Test
	void messageNamesTheParameterNotTheValue() {
		assertThatExceptionOfType(InvalidResourceNameException.class)
			.isThrownBy(() -> MlResource.workspace("not-a-guid-<script>", "rg", "ws1"))
			.satisfies((ex) -> {
				assertThat(ex.violations()).extracting(InvalidResourceNameException.Violation::parameter)
					.containsExactly("subscriptionId");
				assertThat(ex.getMessage()).doesNotContain("<script>");
			});
	}

	@Test
	void parsesWorkspaceAndComputeIdsOnlyNamingResourceIdOtherwise() {
		String workspace = "/subscriptions/00000000-0000-4000-8000-0000000000a1/resourceGroups/rg1"
				+ "/providers/Microsoft.MachineLearningServices/workspaces/ws1";

		assertThat(MlResource.parse(workspace).name(Segment.COMPUTE)).isNull();
		assertThat(MlResource.parse(workspace).id()).isEqualTo(workspace);
		assertThat(MlResource.parse(workspace + "/computes/c1x").name(Segment.COMPUTE)).isEqualTo("c1x");
		// Keywords are read in any case, as ARM reads them, and the id spells them as ARM does.
		assertThat(MlResource.parse(workspace.toLowerCase(java.util.Locale.ROOT) + "/COMPUTES/c1x").id())
			.isEqualTo(workspace + "/computes/c1x");
		for (String id : new String[] { workspace + "/", workspace + "/computes", "/subscriptions/x", "",
				workspace + "/computes/c1x/computes/c2x", workspace + "/jobs/j1", workspace + "/computes/c1x/",
				workspace + "/datastores/d1/computes/c1x",
				workspace.replace("Microsoft.MachineLearningServices", "Microsoft.Storage") }) {
			assertInvalid("resourceId", () -> MlResource.parse(id));
		}
	}

	@Test
	void namesTheArmTemplateAndItsVariablesFromTheSegments() {
		MlResource compute = MlResource.compute(SUBSCRIPTION, "rg", "ws1", "aks1");

		assertThat(MlResource.template(compute.path())).isEqualTo("/subscriptions/{subscriptionId}"
				+ "/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices"
				+ "/workspaces/{workspaceName}/computes/{computeName}");
		assertThat(compute.byParameter()).containsExactly(java.util.Map.entry("subscriptionId", SUBSCRIPTION),
				java.util.Map.entry("resourceGroupName", "rg"), java.util.Map.entry("workspaceName", "ws1"),
				java.util.Map.entry("computeName", "aks1"));
		assertThat(compute.subscriptionId()).isEqualTo(SUBSCRIPTION);
		assertThat(compute).hasToString(compute.id());
	}

	@Test
	void resourcesAreEqualByTheirNames() {
		MlResource compute = MlResource.compute(SUBSCRIPTION, "rg", "ws1", "aks1");

		assertThat(compute).isEqualTo(MlResource.parse(compute.id()))
			.hasSameHashCodeAs(MlResource.parse(compute.id()))
			.isNotEqualTo(MlResource.compute(SUBSCRIPTION, "rg", "ws1", "aks2"))
			.isNotEqualTo(MlResource.workspace(SUBSCRIPTION, "rg", "ws1"))
			.isNotEqualTo(compute.id());
		assertThat(compute.hashCode()).isNotEqualTo(MlResource.workspace(SUBSCRIPTION, "rg", "ws1").hashCode());
	}

	@Test
	void aPathMustStartWithAWorkspace() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> MlResource.of(java.util.List.of(Segment.SUBSCRIPTION, Segment.COMPUTE), (segment) -> "x"));
	}

	@Test
	void parsesTheIdOfEachResourceBelowAWorkspaceThatHasSecrets() {
		String workspace = "/subscriptions/00000000-0000-4000-8000-0000000000a1/resourceGroups/rg1"
				+ "/providers/Microsoft.MachineLearningServices/workspaces/ws1";

		assertThat(MlResource.parse(workspace + "/onlineEndpoints/churn-scorer").name(Segment.ONLINE_ENDPOINT))
			.isEqualTo("churn-scorer");
		assertThat(MlResource.parse(workspace + "/batchEndpoints/nightly_scoring").path())
			.containsExactly(Segment.SUBSCRIPTION, Segment.RESOURCE_GROUP, Segment.WORKSPACE, Segment.BATCH_ENDPOINT);
		assertThat(MlResource.parse(workspace + "/serverlessEndpoints/llama-chat").name(Segment.SERVERLESS_ENDPOINT))
			.isEqualTo("llama-chat");
		assertThat(MlResource.parse(workspace + "/connections/aoai-prod").name(Segment.CONNECTION))
			.isEqualTo("aoai-prod");
		assertThat(MlResource.parse(workspace.toLowerCase(java.util.Locale.ROOT) + "/DATASTORES/d1").id())
			.isEqualTo(workspace + "/datastores/d1");
		assertInvalid("endpointName", () -> MlResource.parse(workspace + "/onlineEndpoints/1-starts-with-a-digit"));
		assertInvalid("connectionName", () -> MlResource.parse(workspace + "/connections/ab"));
	}

	@Test
	void namesBelowAWorkspaceFollowTheirKindsRules() {
		java.util.function.BiFunction<Segment, String, MlResource> below = (segment, name) -> MlResource.of(
				java.util.List.of(Segment.SUBSCRIPTION, Segment.RESOURCE_GROUP, Segment.WORKSPACE, segment),
				java.util.Map.of(Segment.SUBSCRIPTION, SUBSCRIPTION, Segment.RESOURCE_GROUP, "rg",
						Segment.WORKSPACE, "ws1", segment, name)::get);
		assertThat(below.apply(Segment.ONLINE_ENDPOINT, "e".repeat(32)).name(Segment.ONLINE_ENDPOINT)).hasSize(32);
		assertInvalid("endpointName", () -> below.apply(Segment.ONLINE_ENDPOINT, "e".repeat(33)));
		assertInvalid("endpointName", () -> below.apply(Segment.ONLINE_ENDPOINT, "ab"));
		assertInvalid("endpointName", () -> below.apply(Segment.ONLINE_ENDPOINT, "my_endpoint"));
		assertThat(below.apply(Segment.BATCH_ENDPOINT, "1").name(Segment.BATCH_ENDPOINT)).isEqualTo("1");
		assertThat(below.apply(Segment.SERVERLESS_ENDPOINT, "s".repeat(255)).name(Segment.SERVERLESS_ENDPOINT))
			.hasSize(255);
		assertInvalid("endpointName", () -> below.apply(Segment.SERVERLESS_ENDPOINT, "s".repeat(256)));
		assertInvalid("endpointName", () -> below.apply(Segment.BATCH_ENDPOINT, "-batch"));
		assertInvalid("datastoreName", () -> below.apply(Segment.DATASTORE, "data.store"));
		assertThat(below.apply(Segment.DATASTORE, "workspaceblobstore").name(Segment.DATASTORE))
			.isEqualTo("workspaceblobstore");
		assertInvalid("connectionName", () -> below.apply(Segment.CONNECTION, "c".repeat(34)));
		assertInvalid("connectionName", () -> below.apply(Segment.CONNECTION, "a/b"));
	}

	private static void assertInvalid(String parameter, Runnable construction) {
		assertThatExceptionOfType(InvalidResourceNameException.class).isThrownBy(construction::run)
			.satisfies((ex) -> assertThat(ex.violations()).extracting(InvalidResourceNameException.Violation::parameter)
				.containsExactly(parameter));
	}

}
