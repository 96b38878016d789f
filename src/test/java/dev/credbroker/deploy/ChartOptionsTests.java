package dev.credbroker.deploy;

import java.io.IOException;
import java.util.List;

import dev.credbroker.deploy.ChartRendering.Manifests;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import static dev.credbroker.deploy.ChartRendering.defaults;
import static dev.credbroker.deploy.ChartRendering.env;
import static dev.credbroker.deploy.ChartRendering.render;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single options rendered on their own against the defaults: the audit file sink on a claim,
 * workload identity and the log format.
 */
class ChartOptionsTests {

	@Nested
	class AuditFile {

		@Test
		void theClaimGivesEachPodADirectoryOfItsOwn() {
			Manifests manifests = render((helm) -> helm.set("broker.audit.sink", "file")
				.set("broker.audit.file.existingClaim", "audit-claim"));

			assertThat(manifests.volume("audit").at("/persistentVolumeClaim/claimName").asString())
				.isEqualTo("audit-claim");
			assertThat(manifests.volume("audit").has("emptyDir")).isFalse();
			assertThat(manifests.mount("audit").path("subPathExpr").asString()).isEqualTo("$(POD_NAME)");
		}

		@Test
		void noAuditVolumeForTheStdoutSink() {
			assertThat(defaults().podSpec().path("volumes").valueStream().map((v) -> v.path("name").asString()))
				.doesNotContain("audit");
		}

	}

	@Nested
	class WorkloadIdentity {

		@Test
		void closesTheNodesIdentityEndpointEvenWhenItsEgressIsEnabled() {
			Manifests manifests = render(
					(helm) -> helm.set("azure.workloadIdentity.clientId", "6f0c5a4e-1b2c-4d3e-8f90-a1b2c3d4e5f6")
						.set("networkPolicy.egress.identityEndpoint.enabled", true));
			JsonNode egress = manifests.one("NetworkPolicy").at("/spec/egress");
			assertThat(egress.toString()).doesNotContain("169.254.169.254");
			assertThat(egress.size()).as("DNS and HTTPS").isEqualTo(2);
			assertThat(defaults().one("NetworkPolicy").at("/spec/egress").toString())
				.as("without workload identity the broker needs the node's identity")
				.contains("169.254.169.254");
		}

	}

	@Nested
	class LogFormat {

		private static final String STRUCTURED = "logging.structured.format.console";

		@Test
		void jsonIsSpringBootsStructuredEcsFormat() {
			assertThat(env(render((helm) -> helm.set("logFormat", "json")).container()))
				.containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
		}

		@Test
		void textIsPlainForNothingElseTurnsJsonOn() throws IOException {
			Manifests text = render((helm) -> helm.set("logFormat", "text"));

			assertThat(env(text.container()).keySet()).noneMatch((name) -> name.startsWith("LOGGING_STRUCTURED"));
			assertThat(text.binder().bind(STRUCTURED, String.class).isBound()).isFalse();
			List<PropertySource<?>> image = new YamlPropertySourceLoader().load("application.yaml",
					new ClassPathResource("application.yaml"));
			assertThat(image).as("the image's own configuration, in any profile, the chart's k8s included")
				.isNotEmpty()
				.noneMatch((source) -> source.containsProperty(STRUCTURED));
		}

	}

}
