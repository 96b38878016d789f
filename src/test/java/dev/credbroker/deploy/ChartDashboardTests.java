package dev.credbroker.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.credbroker.deploy.ChartRendering.Manifests;
import dev.credbroker.support.DebianPrometheus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.credbroker.deploy.ChartRendering.BASEDIR;
import static dev.credbroker.deploy.ChartRendering.CHART;
import static dev.credbroker.deploy.ChartRendering.NAMESPACE;
import static dev.credbroker.deploy.ChartRendering.defaults;
import static dev.credbroker.deploy.ChartRendering.full;
import static dev.credbroker.deploy.ChartRendering.labels;
import static dev.credbroker.deploy.ChartRendering.read;
import static dev.credbroker.deploy.ChartRendering.render;
import static dev.credbroker.deploy.ChartRendering.yaml;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's Grafana dashboard: a ConfigMap that Grafana's sidecar loads, whose every query
 * Debian's promtool parses (skipped, saying why, only where it is absent), and whose every panel
 * docs/operations.md describes.
 */
class ChartDashboardTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	/** What Grafana puts in place of its variables before it asks Prometheus. */
	static final Map<String, String> VARIABLES = Map.of("$__rate_interval", "1m", "$namespace", NAMESPACE, "$job",
			"broker-credential-broker");

	private static Manifests enabled;

	private static synchronized Manifests enabled() {
		if (enabled == null) {
			enabled = render((helm) -> helm.set("metrics.dashboard.enabled", true));
		}
		return enabled;
	}

	static JsonNode dashboard(Manifests manifests) {
		return json.readTree(manifests.configMap("-dashboard").at("/data/credential-broker.json").asString());
	}

	/** The panels that show data (rows only group them). */
	static List<JsonNode> panels(JsonNode dashboard) {
		return dashboard.path("panels").valueStream().filter((panel) -> !"row".equals(panel.path("type").asString())).toList();
	}

	/** Every query of the dashboard, by panel title and refId, as Grafana sends it. */
	static Map<String, String> queries(JsonNode dashboard) {
		Map<String, String> queries = new LinkedHashMap<>();
		for (JsonNode panel : panels(dashboard)) {
			for (JsonNode target : panel.path("targets")) {
				String expr = target.path("expr").asString();
				for (Map.Entry<String, String> variable : VARIABLES.entrySet()) {
					expr = expr.replace(variable.getKey(), variable.getValue());
				}
				queries.put(panel.path("title").asString() + " " + target.path("refId").asString(), expr);
			}
		}
		return queries;
	}

	@Test
	void offByDefault() {
		assertThat(defaults().find("ConfigMap")).noneMatch((map) -> map.at("/metadata/name").asString().endsWith("-dashboard"));
	}

	@Test
	void aConfigMapWithTheSidecarsLabelHoldingTheDashboardFile() {
		JsonNode map = enabled().configMap("-dashboard");
		assertThat(map.at("/metadata/name").asString()).isEqualTo("broker-credential-broker-dashboard");
		assertThat(map.at("/metadata/namespace").asString()).isEqualTo(NAMESPACE);
		assertThat(labels(map.at("/metadata/labels"))).containsEntry("grafana_dashboard", "1");
		assertThat(dashboard(enabled()))
			.isEqualTo(json.readTree(read(CHART.resolve("dashboards/credential-broker.json"))));

		JsonNode elsewhere = full().configMap("-dashboard");
		assertThat(elsewhere.at("/metadata/namespace").asString()).isEqualTo("observability");
		assertThat(elsewhere.at("/metadata/annotations/grafana_folder").asString()).isEqualTo("Security");
	}

	@Test
	void everyPanelQueriesTheChosenDataSourceNamespaceAndJob() {
		JsonNode dashboard = dashboard(enabled());
		assertThat(dashboard.path("uid").asString()).isEqualTo("credential-broker");
		assertThat(dashboard.at("/templating/list").valueStream().map((variable) -> variable.path("name").asString()))
			.containsExactly("datasource", "namespace", "job");
		assertThat(panels(dashboard)).hasSizeGreaterThanOrEqualTo(11).allSatisfy((panel) -> {
			assertThat(panel.at("/datasource/uid").asString()).isEqualTo("${datasource}");
			assertThat(panel.path("description").asString()).as(panel.path("title").asString()).isNotBlank();
			assertThat(panel.path("targets")).isNotEmpty().allSatisfy((target) -> assertThat(target.path("expr").asString())
				.contains("namespace=\"$namespace\", job=\"$job\""));
		});
	}

	@Test
	void docsOperationsDescribesEveryPanel() {
		String operations = read(BASEDIR.resolve("docs/operations.md"));
		String dashboardSection = operations.substring(operations.indexOf("\n## Dashboard\n"));
		for (JsonNode panel : panels(dashboard(enabled()))) {
			assertThat(dashboardSection).as("docs/operations.md, Dashboard").contains("\n### " + panel.path("title").asString() + "\n");
		}
	}

	/** Each query as a recording rule, which promtool parses as Prometheus would. */
	@Test
	void promtoolParsesEveryQuery(@TempDir Path directory) throws IOException {
		DebianPrometheus.assumePromtool();
		Map<String, String> queries = queries(dashboard(enabled()));
		List<Map<String, String>> rules = new ArrayList<>();
		int n = 0;
		for (String expr : queries.values()) {
			rules.add(Map.of("record", "dashboard:query_" + (++n), "expr", expr));
		}
		Path file = Files.writeString(directory.resolve("dashboard-queries.yaml"),
				yaml.writeValueAsString(Map.of("groups", List.of(Map.of("name", "dashboard", "rules", rules)))));

		DebianPrometheus.Run check = DebianPrometheus.promtool("check", "rules", file.toString());

		assertThat(check.exitCode()).as("%s%n%s", check.output(), queries).isZero();
		assertThat(check.output()).contains("SUCCESS: " + queries.size() + " rules found");
	}

}
