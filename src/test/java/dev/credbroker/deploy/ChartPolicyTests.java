package dev.credbroker.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.credbroker.deploy.ChartRendering.Manifests;
import dev.credbroker.deploy.ChartRendering.PolicyFile;
import dev.credbroker.policy.PolicyProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static dev.credbroker.deploy.ChartRendering.defaults;
import static dev.credbroker.deploy.ChartRendering.render;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The team policy as the chart delivers it: given as text, as an existing ConfigMap, or inline;
 * and which changes roll the pods (configuration read at start) and which do not (the policy,
 * which the broker reloads).
 */
class ChartPolicyTests {

	@Test
	void rendersAPolicyGivenAsTextVerbatimCommentsIncluded(@TempDir Path directory) throws IOException {
		String text = """
				# the team policies
				teams:
				  - name: team-beta
				    members:
				      - claim: roles
				        anyOf: [team-beta]
				""";
		Path values = directory.resolve("values.yaml");
		Files.writeString(values, "broker:\n  policy:\n    text: |\n" + text.indent(6));
		Manifests manifests = render((helm) -> helm.withValuesFile(values));
		String file = manifests.configMap("-policy").at("/data/policies.yaml").asString();
		assertThat(file).isEqualTo(text);
		assertThat(PolicyFile.validate(file)).isEmpty();
	}

	@Test
	void mountsAnExistingConfigMapInsteadAsADirectory() {
		Manifests manifests = render((helm) -> helm.set("broker.policy.existingConfigMap", "team-policies")
			.set("broker.policy.existingConfigMapKey", "broker-policies.yaml"));
		assertThat(manifests.documents()).noneMatch((d) -> d.at("/metadata/name").asString().endsWith("-policy"));
		JsonNode volume = manifests.volume("policy").path("configMap");
		assertThat(volume.path("name").asString()).isEqualTo("team-policies");
		assertThat(volume.at("/items/0/key").asString()).isEqualTo("broker-policies.yaml");
		assertThat(volume.at("/items/0/path").asString()).isEqualTo("policies.yaml");
		assertThat(manifests.mount("policy").has("subPath")).isFalse();
		assertThat(manifests.binder().bind("broker.policy", PolicyProperties.class).get().location())
			.isEqualTo("file:" + manifests.mount("policy").path("mountPath").asString() + "/policies.yaml");
	}

	@Test
	void aPolicyChangeDoesNotRollThePodsSinceTheBrokerReloadsIt() {
		Manifests changed = render((helm) -> helm.set("broker.policy.inline.teams[0].name", "team-gamma")
			.set("broker.policy.inline.teams[0].members[0].claim", "roles")
			.set("broker.policy.inline.teams[0].members[0].anyOf[0]", "team-gamma"));
		assertThat(changed.configMap("-policy").at("/data/policies.yaml").asString()).contains("team-gamma");
		assertThat(changed.checksum()).isEqualTo(defaults().checksum());
		assertThat(render((helm) -> helm.set("broker.policy.existingConfigMap", "team-policies")).checksum())
			.isEqualTo(defaults().checksum());
	}

	@Test
	void aChangeOfConfigurationReadAtStartRollsThePods() {
		assertThat(render((helm) -> helm.set("broker.cache.ttl", "10m")).checksum())
			.isNotEqualTo(defaults().checksum());
		assertThat(render((helm) -> helm.set("broker.security.audiences[0]", "api://other")).checksum())
			.isNotEqualTo(defaults().checksum());
		assertThat(render((helm) -> helm.set("autoscaling.maxReplicas", 8)).checksum())
			.as("the pods' share of the budget changes")
			.isNotEqualTo(defaults().checksum());
	}

}
