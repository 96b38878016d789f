package dev.credbroker.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.credbroker.IntegrationTest;
import dev.credbroker.deploy.ChartRendering.Manifests;
import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.Http;
import dev.credbroker.support.TestIssuer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalManagementPort;

import static dev.credbroker.support.AzureStandIn.SUBSCRIPTION;
import static dev.credbroker.support.AzureStandIn.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's alerts and dashboard ask for the metrics, labels and label values that the broker
 * really exports: every selector and every {@code by} of their PromQL against a scrape of the
 * management port, after requests that give each outcome they look for.
 */
class MonitoringContractIntegrationTests extends IntegrationTest {

	private static final String KEYS = "/api/v1/subscriptions/" + SUBSCRIPTION + "/resourceGroups/rg-alpha-1/workspaces/";

	/** Labels that Prometheus gives a target, not the broker a series. */
	private static final Set<String> TARGET_LABELS = Set.of("namespace", "job", "pod", "instance", "service",
			"container", "endpoint");

	/** kube-state-metrics', not the broker's: CredentialBrokerNotReady's. */
	private static final String KUBE_STATE_METRICS = "kube_";

	private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");

	private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");

	private static final Pattern BY = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");

	private static final Pattern SAMPLE_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	@LocalManagementPort
	private int managementPort;

	@Test
	void everyMetricLabelAndValueTheAlertsAndTheDashboardAskForIsExported() {
		AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws-contract", fixture("workspace-list-keys-all-fields.json"));
		AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws-contract-e", AzureStandIn.armError(500, "arm-error-internal.json"));
		String alpha = TestIssuer.token(TestIssuer.TRUSTED, "svc-contract", Map.of("roles", List.of("team-alpha")));
		assertThat(this.http.get(KEYS + "ws-contract/keys", alpha).status()).as("a miss").isEqualTo(200);
		assertThat(this.http.get(KEYS + "ws-contract/keys", alpha).status()).as("a hit").isEqualTo(200);
		assertThat(this.http.get(KEYS + "ws-contract-e/keys", alpha).status()).as("an upstream error").isGreaterThanOrEqualTo(500);
		Map<String, List<Map<String, String>>> exported = series(new Http(this.managementPort).get("/actuator/prometheus").body());

		Map<String, String> queries = queries();
		assertThat(queries).hasSizeGreaterThan(ChartAlertsTests.ALERTS.size());
		List<String> problems = new ArrayList<>();
		queries.forEach((where, expr) -> problems.addAll(problems(where, expr, exported)));

		assertThat(problems).isEmpty();
	}

	/** Every expression of the rendered alerts and dashboard, by where it is. */
	private static Map<String, String> queries() {
		Manifests manifests = ChartRendering
			.render((helm) -> helm.set("metrics.prometheusRule.enabled", true).set("metrics.dashboard.enabled", true));
		Map<String, String> queries = new LinkedHashMap<>();
		for (JsonNode group : manifests.one("PrometheusRule").at("/spec/groups")) {
			for (JsonNode rule : group.path("rules")) {
				queries.put("alert " + rule.path("alert").asString(), rule.path("expr").asString());
			}
		}
		ChartDashboardTests.queries(ChartDashboardTests.dashboard(manifests))
			.forEach((panel, expr) -> queries.put("panel " + panel, expr));
		return queries;
	}

	private static List<String> problems(String where, String expr, Map<String, List<Map<String, String>>> exported) {
		List<String> problems = new ArrayList<>();
		Set<String> labelsOfItsMetrics = new TreeSet<>(TARGET_LABELS);
		Matcher selector = SELECTOR.matcher(expr);
		while (selector.find()) {
			String metric = selector.group(1);
			if (metric.startsWith(KUBE_STATE_METRICS)) {
				continue;
			}
			List<Map<String, String>> series = exported.get(metric);
			if (series == null) {
				problems.add(where + ": " + metric + " is not exported");
				continue;
			}
			series.forEach((labels) -> labelsOfItsMetrics.addAll(labels.keySet()));
			Matcher matcher = MATCHER.matcher(selector.group(2));
			while (matcher.find()) {
				String label = matcher.group(1);
				String value = matcher.group(3);
				if (TARGET_LABELS.contains(label)) {
					continue;
				}
				if (series.stream().noneMatch((labels) -> labels.containsKey(label))) {
					problems.add(where + ": " + metric + " has no label " + label);
				}
				else if (matcher.group(2).equals("=") && series.stream().noneMatch((labels) -> value.equals(labels.get(label)))) {
					problems.add(where + ": " + metric + " has no series with " + label + "=\"" + value + "\"");
				}
			}
		}
		Matcher by = BY.matcher(expr);
		while (by.find()) {
			for (String label : by.group(1).split(",")) {
				if (!label.isBlank() && !labelsOfItsMetrics.contains(label.strip()) && !expr.contains(KUBE_STATE_METRICS)) {
					problems.add(where + ": by (" + label.strip() + "), a label of none of its metrics");
				}
			}
		}
		return problems;
	}

	/** The exposition's series: their labels, by sample name. */
	private static Map<String, List<Map<String, String>>> series(String exposition) {
		Map<String, List<Map<String, String>>> series = new HashMap<>();
		for (String line : exposition.lines().filter((l) -> !l.isBlank() && !l.startsWith("#")).toList()) {
			int brace = line.indexOf('{');
			int space = line.indexOf(' ');
			String name = line.substring(0, (brace >= 0 && brace < space) ? brace : space);
			Map<String, String> labels = new HashMap<>();
			if (brace >= 0 && brace < space) {
				Matcher label = SAMPLE_LABEL.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
				while (label.find()) {
					labels.put(label.group(1), label.group(2));
				}
			}
			series.computeIfAbsent(name, (n) -> new ArrayList<>()).add(labels);
		}
		return series;
	}

}
