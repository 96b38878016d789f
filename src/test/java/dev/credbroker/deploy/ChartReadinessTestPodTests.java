package dev.credbroker.deploy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import dev.credbroker.deploy.ChartRendering.Manifests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.credbroker.deploy.ChartRendering.NAMESPACE;
import static dev.credbroker.deploy.ChartRendering.withTestHooks;
import static dev.credbroker.deploy.ChartRendering.labels;
import static dev.credbroker.deploy.ChartRendering.strings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code helm test}: a Pod, a hook of the test phase, that asks the Service's management port
 * whether the broker is ready, past the chart's own NetworkPolicy, without being taken for a pod of
 * the broker.
 */
class ChartReadinessTestPodTests {

	/** The defaults, with the test hooks; rendered once for the class. */
	private static Manifests rendered;

	private Manifests manifests;

	@BeforeEach
	void render() throws IOException {
		synchronized (ChartReadinessTestPodTests.class) {
			if (rendered == null) {
				rendered = withTestHooks(UnaryOperator.identity());
			}
			this.manifests = rendered;
		}
	}

	private JsonNode pod() {
		return this.manifests.one("Pod");
	}

	@Test
	void aHookOfHelmTestDeletedOnceItPassed() {
		assertThat(ChartRendering.defaults().find("Pod")).as("a hook, not an object of the release").isEmpty();
		JsonNode annotations = pod().at("/metadata/annotations");
		assertThat(annotations.path(ChartRendering.TEST_HOOK).asString()).isEqualTo("test");
		assertThat(annotations.path("helm.sh/hook-delete-policy").asString()).contains("before-hook-creation");
		assertThat(pod().at("/spec/restartPolicy").asString()).isEqualTo("Never");
	}

	@Test
	void asksTheServicesManagementPortForReadinessAndFailsOnAnythingBut200() {
		JsonNode service = this.manifests.one("Service");
		int managementPort = service.at("/spec/ports").valueStream()
			.filter((port) -> port.path("name").asString().equals("management"))
			.findFirst()
			.orElseThrow()
			.path("port")
			.asInt();
		List<String> command = strings(pod().at("/spec/containers/0/command"));

		assertThat(command).first().isEqualTo("curl");
		assertThat(command).contains("--fail").last().isEqualTo("http://" + service.at("/metadata/name").asString() + "."
				+ NAMESPACE + ".svc:" + managementPort + "/actuator/health/readiness");
	}

	@Test
	void isNeitherSelectedByTheServiceNorByTheBrokersNetworkPolicyYetLetIn() {
		Map<String, String> podLabels = labels(pod().at("/metadata/labels"));
		Map<String, String> serviceSelector = labels(this.manifests.one("Service").at("/spec/selector"));
		JsonNode policy = this.manifests.one("NetworkPolicy").path("spec");

		assertThat(podLabels.entrySet().containsAll(serviceSelector.entrySet())).as("the Service would send it traffic")
			.isFalse();
		assertThat(podLabels.entrySet().containsAll(labels(policy.at("/podSelector/matchLabels")).entrySet())).isFalse();
		assertThat(policy.path("ingress").valueStream()
			.filter((rule) -> rule.at("/ports/0/port").asString().equals("management"))
			.flatMap((rule) -> rule.path("from").valueStream())
			.filter((peer) -> !peer.has("namespaceSelector"))
			.map((peer) -> labels(peer.at("/podSelector/matchLabels"))))
			.as("a rule of the NetworkPolicy lets it reach the management port from the release's namespace")
			.anyMatch((selector) -> podLabels.entrySet().containsAll(selector.entrySet()));
	}

	@Test
	void runsRestrictedWithTheImageOfTheValues() throws IOException {
		JsonNode container = pod().at("/spec/containers/0");
		assertThat(container.path("image").asString()).isEqualTo("curlimages/curl:8.11.1");
		assertThat(pod().at("/spec/automountServiceAccountToken").asBoolean()).isFalse();
		assertThat(pod().at("/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
		assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
		assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
		assertThat(strings(container.at("/securityContext/capabilities/drop"))).containsExactly("ALL");

		JsonNode pinned = withTestHooks((helm) -> helm.withValuesFile(ChartRendering.FULL_VALUES)).one("Pod");
		assertThat(pinned.at("/spec/containers/0/image").asString()).isEqualTo("crcredbroker.azurecr.io/curl@sha256:"
				+ "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
		assertThat(pinned.at("/spec/imagePullSecrets/0/name").asString()).isEqualTo("acr-pull");
	}

}
