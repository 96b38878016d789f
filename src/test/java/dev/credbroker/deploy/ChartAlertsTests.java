package dev.credbroker.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import dev.credbroker.deploy.ChartRendering.Manifests;
import dev.credbroker.support.DebianPrometheus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static dev.credbroker.deploy.ChartRendering.NAMESPACE;
import static dev.credbroker.deploy.ChartRendering.defaults;
import static dev.credbroker.deploy.ChartRendering.render;
import static dev.credbroker.deploy.ChartRendering.yaml;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's alerts (a PrometheusRule): checked and unit-tested by Debian's promtool (skipped,
 * saying why, only where it is absent), each with its runbook in docs/operations.md.
 */
class ChartAlertsTests {

	/** The alerts of issue 18, each a section of docs/operations.md. */
	static final Set<String> ALERTS = Set.of("CredentialBrokerAuditFailing", "CredentialBrokerPolicyReloadRejected",
			"CredentialBrokerArmCircuitOpen", "CredentialBrokerArmBudgetSpent", "CredentialBrokerArmUnauthorized",
			"CredentialBrokerArmWritesLow", "CredentialBrokerServerErrors", "CredentialBrokerNotReady");

	private static Manifests enabled;

	private static synchronized Manifests enabled() {
		if (enabled == null) {
			enabled = render((helm) -> helm.set("metrics.prometheusRule.enabled", true));
		}
		return enabled;
	}

	private static JsonNode rules(Manifests manifests) {
		return manifests.one("PrometheusRule").path("spec");
	}

	private static List<JsonNode> alerts(Manifests manifests) {
		return rules(manifests).path("groups").valueStream().flatMap((group) -> group.path("rules").valueStream()).toList();
	}

	@Test
	void offByDefaultForItsCrdMayBeMissing() {
		assertThat(defaults().find("PrometheusRule")).isEmpty();
	}

	@Test
	void everyAlertOfTheIssueWithASummaryADescriptionAndARunbookThatExists() {
		List<JsonNode> alerts = alerts(enabled());
		String operations = ChartRendering.read(ChartRendering.BASEDIR.resolve("docs/operations.md"));

		assertThat(alerts).extracting((alert) -> alert.path("alert").asString()).containsExactlyInAnyOrderElementsOf(ALERTS);
		for (JsonNode alert : alerts) {
			String name = alert.path("alert").asString();
			JsonNode annotations = alert.path("annotations");
			assertThat(annotations.path("summary").asString()).as(name).isNotBlank();
			assertThat(annotations.path("description").asString()).as(name).isNotBlank();
			assertThat(annotations.path("runbook_url").asString()).as(name)
				.isEqualTo("docs/operations.md#" + name.toLowerCase());
			assertThat(operations).as("the runbook of %s", name).contains("\n### " + name + "\n");
			assertThat(alert.at("/labels/severity").asString()).as(name).isIn("warning", "critical");
		}
	}

	@Test
	void pickThisReleasesSeriesAsTheServiceMonitorLabelsThem() {
		JsonNode rule = enabled().one("PrometheusRule");
		assertThat(rule.at("/metadata/namespace").asString()).isEqualTo(NAMESPACE);
		assertThat(alerts(enabled())).filteredOn((alert) -> !alert.path("alert").asString().equals("CredentialBrokerNotReady"))
			.allSatisfy((alert) -> assertThat(alert.path("expr").asString())
				.contains("namespace=\"credential-broker\", job=\"broker-credential-broker\""));
	}

	@Test
	void selectorThresholdsLabelsAndRunbookFromValues(@TempDir Path directory) throws IOException {
		Path values = Files.writeString(directory.resolve("values.yaml"), """
				metrics:
				  prometheusRule:
				    enabled: true
				    namespace: monitoring
				    labels: {release: kube-prometheus-stack}
				    selector: 'cluster="aks-1", service="broker"'
				    runbookUrl: https://wiki.example/ops.md
				    additionalLabels: {team: platform}
				    armWritesRemainingBelow: 50
				    serverErrorRatioAbove: 0.2
				""");
		Manifests manifests = render((helm) -> helm.withValuesFile(values));
		JsonNode rule = manifests.one("PrometheusRule");
		assertThat(rule.at("/metadata/namespace").asString()).isEqualTo("monitoring");
		assertThat(rule.at("/metadata/labels/release").asString()).isEqualTo("kube-prometheus-stack");
		List<JsonNode> alerts = alerts(manifests);
		assertThat(alerts).allSatisfy((alert) -> {
			assertThat(alert.at("/labels/team").asString()).isEqualTo("platform");
			assertThat(alert.at("/annotations/runbook_url").asString()).startsWith("https://wiki.example/ops.md#credentialbroker");
		});
		assertThat(alerts).filteredOn((alert) -> alert.path("alert").asString().startsWith("CredentialBrokerArm"))
			.allSatisfy((alert) -> assertThat(alert.path("expr").asString()).contains("cluster=\"aks-1\", service=\"broker\"")
				.doesNotContain("job="));
		assertThat(expr(alerts, "CredentialBrokerArmWritesLow")).endsWith("< 50");
		assertThat(expr(alerts, "CredentialBrokerServerErrors")).endsWith("> 0.2");
	}

	private static String expr(List<JsonNode> alerts, String name) {
		return alerts.stream()
			.filter((alert) -> alert.path("alert").asString().equals(name))
			.findFirst()
			.orElseThrow()
			.path("expr")
			.asString()
			.strip();
	}

	@Test
	void promtoolChecksTheRules(@TempDir Path directory) throws IOException {
		DebianPrometheus.assumePromtool();
		Path rules = Files.writeString(directory.resolve("alerts.yaml"), yaml.writeValueAsString(rules(enabled())));

		DebianPrometheus.Run check = DebianPrometheus.promtool("check", "rules", rules.toString());

		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).contains("SUCCESS: " + ALERTS.size() + " rules found");
	}

	/**
	 * alerts-tests.yaml, against the rendered rules without their annotations: promtool would
	 * compare their whole text, which the test above checks instead.
	 */
	@Test
	void eachAlertFiresWhenItShouldAndOnlyThen(@TempDir Path directory) throws IOException {
		DebianPrometheus.assumePromtool();
		JsonNode rules = rules(enabled()).deepCopy();
		rules.path("groups").forEach((group) -> group.path("rules").forEach((rule) -> ((ObjectNode) rule).remove("annotations")));
		Files.writeString(directory.resolve("alerts.yaml"), yaml.writeValueAsString(rules));
		Path tests = directory.resolve("alerts-tests.yaml");
		try (InputStream in = ChartAlertsTests.class.getResourceAsStream("alerts-tests.yaml")) {
			Files.copy(in, tests);
		}

		DebianPrometheus.Run run = DebianPrometheus.promtool("test", "rules", tests.toString());

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.output()).contains("SUCCESS");
		for (String alert : ALERTS) {
			assertThat(ChartRendering.read(tests)).as("a unit test of %s", alert).contains("alertname: " + alert);
		}
	}

}
