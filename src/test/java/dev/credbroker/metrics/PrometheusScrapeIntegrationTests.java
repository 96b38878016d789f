package dev.credbroker.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.credbroker.IntegrationTest;
import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.DebianPrometheus;
import dev.credbroker.support.Http;
import dev.credbroker.support.TestIssuer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalManagementPort;

import static dev.credbroker.support.AzureStandIn.SUBSCRIPTION;
import static dev.credbroker.support.AzureStandIn.fixture;
import static dev.credbroker.support.Eventually.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The management port as Prometheus scrapes it with tracing on: in OpenMetrics, which carries
 * exemplars, and by the oldest Prometheus the broker must satisfy, Debian's 2.42, which drops a
 * whole scrape for one exemplar where it takes none.
 */
class PrometheusScrapeIntegrationTests extends IntegrationTest {

	private static final String KEYS = "/api/v1/subscriptions/" + SUBSCRIPTION + "/resourceGroups/rg-alpha-1/workspaces/";

	/** What Prometheus 2.42 asks for. */
	private static final String OPENMETRICS = "application/openmetrics-text;version=1.0.0,"
			+ "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

	@LocalManagementPort
	private int managementPort;

	/** Traced requests, so that timers and counters have exemplars to offer: allowed, cached, refused. */
	@BeforeEach
	void tracedRequests() {
		AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws-scrape", fixture("workspace-list-keys-all-fields.json"));
		String alpha = TestIssuer.token(TestIssuer.TRUSTED, "svc-scrape", Map.of("roles", List.of("team-alpha")));
		assertThat(this.http.get(KEYS + "ws-scrape/keys", alpha).status()).isEqualTo(200);
		assertThat(this.http.get(KEYS + "ws-scrape/keys", alpha).status()).isEqualTo(200);
		assertThat(this.http.get(KEYS + "ws-scrape/keys", null).status()).isEqualTo(401);
	}

	@Test
	void exemplarsOnlyOnHistogramBuckets() {
		String scrape = new Http(this.managementPort).get("/actuator/prometheus", null, Map.of("Accept", OPENMETRICS))
			.body();

		List<String> withExemplars = scrape.lines().filter((line) -> !line.startsWith("#") && line.contains(" # {")).toList();
		assertThat(withExemplars).as("tracing still marks latencies with their traces")
			.anyMatch((line) -> line.startsWith("broker_requests_seconds_bucket{"));
		assertThat(withExemplars).allMatch((line) -> line.matches("[a-zA-Z_:][a-zA-Z0-9_:]*_bucket\\{.*"),
				"a histogram bucket");
	}

	@Test
	void debiansPrometheusScrapesTheManagementPort(@TempDir Path directory) throws IOException, InterruptedException {
		DebianPrometheus.assumePrometheus();
		String config = """
				global:
				  scrape_interval: 2s
				  scrape_timeout: 2s
				scrape_configs:
				  - job_name: credential-broker
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ["127.0.0.1:%d"]
				""".formatted(this.managementPort);
		try (DebianPrometheus prometheus = DebianPrometheus.start(directory, config)) {
			JsonNode target = value("the broker's target scraped", Duration.ofSeconds(90),
					() -> prometheus.api("/api/v1/targets").at("/data/activeTargets/0"),
					(found) -> !found.path("lastScrape").asString("0001-01-01T00:00:00Z").startsWith("0001"));
			assertThat(target.path("lastError").asString()).as("the scrape's error; Prometheus' log:%n%s", prometheus.log())
				.isEmpty();
			assertThat(target.path("health").asString()).isEqualTo("up");

			JsonNode up = prometheus.query("up{job=\"credential-broker\"}");
			JsonNode allowed = value("the broker's requests in Prometheus", Duration.ofSeconds(30),
					() -> prometheus.query("sum(broker_requests_seconds_count{job=\"credential-broker\",outcome=\"allowed\"})"),
					(result) -> result.size() == 1);

			assertThat(up.at("/0/value/1").asString()).isEqualTo("1");
			assertThat(Double.parseDouble(allowed.at("/0/value/1").asString())).isGreaterThanOrEqualTo(2);
		}
	}

}
