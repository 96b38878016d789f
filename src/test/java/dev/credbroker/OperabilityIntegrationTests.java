package dev.credbroker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.credbroker.support.AuditLog;
import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.Http;
import dev.credbroker.support.TestIssuer;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;

import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.credbroker.support.AzureStandIn.SUBSCRIPTION;
import static dev.credbroker.support.AzureStandIn.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What operators see: the management port and only it, health and readiness, what is running (the
 * build, its commit, its SBOM), Prometheus metrics with bounded tags, one observation per request,
 * and a trace that runs from the caller through the broker to Azure, sampled as the caller decided
 * or one in ten.
 */
@ExtendWith(OutputCaptureExtension.class)
class OperabilityIntegrationTests extends IntegrationTest {

	private static final String KEYS = "/api/v1/subscriptions/" + SUBSCRIPTION + "/resourceGroups/rg-alpha-1/workspaces/";

	@LocalManagementPort
	private int managementPort;

	@Autowired
	private CircuitBreakerRegistry circuitBreakers;

	private Http management() {
		return new Http(this.managementPort);
	}

	@Nested
	class Ports {

		@Test
		void theManagementPortExposesHealthInfoPrometheusAndSbomOnly() {
			assertThat(management().get("/actuator/health").status()).isEqualTo(200);
			assertThat(management().get("/actuator/health/liveness").status()).isEqualTo(200);
			assertThat(management().get("/actuator/health/readiness").status()).isEqualTo(200);
			assertThat(management().get("/actuator/info").status()).isEqualTo(200);
			assertThat(management().get("/actuator/prometheus").status()).isEqualTo(200);
			assertThat(management().get("/actuator/sbom").status()).isEqualTo(200);
			for (String hidden : List.of("/actuator/env", "/actuator/beans", "/actuator/configprops",
					"/actuator/heapdump", "/actuator/loggers", "/actuator/metrics", "/actuator/circuitbreakers")) {
				assertThat(management().get(hidden).status()).as(hidden).isEqualTo(404);
			}
			assertThat(management().get("/api/v1/me", token()).status()).isEqualTo(404);
		}

		@Test
		void theApiPortServesNoActuatorEndpoint() {
			for (String path : List.of("/actuator/health", "/actuator/prometheus", "/actuator/info", "/actuator/sbom")) {
				assertThat(http.get(path, token()).status()).as(path).isEqualTo(404);
			}
		}

		@Test
		void readinessNamesPolicyAndAuditAndIgnoresAnOpenCircuit() {
			JsonNode readiness = management().get("/actuator/health/readiness").json();
			assertThat(readiness.get("components").propertyNames()).contains("policy", "audit", "readinessState")
				.doesNotContain("circuitBreakers");
			assertThat(readiness.get("components").get("policy").get("details").get("teams").asInt()).isEqualTo(7);

			circuitBreakers.circuitBreaker("arm").transitionToOpenState();
			try {
				Http.Response ready = management().get("/actuator/health/readiness");
				JsonNode health = management().get("/actuator/health").json();

				assertThat(ready.status()).isEqualTo(200);
				assertThat(health.get("components").get("circuitBreakers").get("details").get("arm").get("details")
					.get("state").asString()).isEqualTo("OPEN");
			}
			finally {
				circuitBreakers.circuitBreaker("arm").reset();
			}
		}

	}

	@Nested
	class WhatIsRunning {

		@Test
		void infoShowsTheBuildAndItsCommit() throws IOException, InterruptedException {
			JsonNode info = management().get("/actuator/info").json();

			JsonNode build = info.get("build");
			assertThat(build.get("name").asString()).isEqualTo("credential-broker");
			assertThat(build.get("version").asString()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
			assertThat(Instant.parse(build.get("time").asString())).isBefore(Instant.now());
			String head = gitHead();
			if (head != null) {
				assertThat(head).startsWith(info.at("/git/commit/id").asString());
				assertThat(info.at("/git/commit/id").asString()).hasSizeGreaterThanOrEqualTo(7);
				assertThat(info.at("/git/commit/time").asString()).isNotEmpty();
			}
		}

		/** The commit checked out, when the sources are a Git checkout. */
		private static @Nullable String gitHead() throws IOException, InterruptedException {
			if (!Files.exists(Path.of(System.getProperty("basedir", "."), ".git"))) {
				return null;
			}
			Process git = new ProcessBuilder("git", "rev-parse", "HEAD")
				.directory(Path.of(System.getProperty("basedir", ".")).toFile())
				.start();
			String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
			assertThat(git.waitFor()).as("git rev-parse HEAD").isZero();
			return head;
		}

		@Test
		void sbomIsTheCycloneDxBomOfWhatTheJarHolds() {
			assertThat(strings(management().get("/actuator/sbom").json().get("ids"))).containsExactly("application");

			Http.Response sbom = management().get("/actuator/sbom/application");

			assertThat(sbom.status()).isEqualTo(200);
			assertThat(sbom.header("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/vnd.cyclonedx+json"));
			JsonNode bom = sbom.json();
			assertThat(bom.get("bomFormat").asString()).isEqualTo("CycloneDX");
			assertThat(bom.at("/metadata/component/name").asString()).isEqualTo("credential-broker");
			List<String> components = bom.get("components").valueStream().map((c) -> c.get("name").asString()).toList();
			assertThat(components).contains("spring-boot", "azure-identity", "resilience4j-circuitbreaker", "caffeine")
				.as("the tests' tools do not ship")
				.doesNotContain("wiremock-standalone", "mock-oauth2-server", "helm-java");
		}

		private static List<String> strings(JsonNode array) {
			return array.valueStream().map(JsonNode::asString).toList();
		}

	}

	@Test
	void prometheusHasEveryMetricWithBoundedTags() {
		AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws-m", fixture("workspace-list-keys-all-fields.json"));
		String alpha = TestIssuer.token(TestIssuer.TRUSTED, "svc-metrics-subject", Map.of("roles", List.of("team-alpha")));
		http.get(KEYS + "ws-m/keys", alpha);
		http.get(KEYS + "ws-m/keys", alpha);
		http.get(KEYS + "ws-m/keys?reveal=userStorageKey", alpha);
		http.get(KEYS + "ws-m/keys", null);
		http.get(KEYS + "-bad/keys", alpha);
		AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws-e", AzureStandIn.armError(500, "arm-error-internal.json"));
		http.get(KEYS + "ws-e/keys", alpha);

		String metrics = management().get("/actuator/prometheus").body();

		assertThat(metrics).contains(
				"broker_requests_seconds_count{cache=\"miss\",operation=\"workspace.listKeys\",outcome=\"allowed\",team=\"team-alpha\"}",
				"broker_requests_seconds_count{cache=\"hit\",operation=\"workspace.listKeys\",outcome=\"allowed\",team=\"team-alpha\"}",
				"broker_requests_seconds_count{cache=\"none\",operation=\"workspace.listKeys\",outcome=\"denied\",team=\"team-alpha\"}",
				"broker_requests_seconds_count{cache=\"none\",operation=\"workspace.listKeys\",outcome=\"unauthenticated\",team=\"none\"}",
				"broker_requests_seconds_count{cache=\"none\",operation=\"workspace.listKeys\",outcome=\"invalid\",team=\"team-alpha\"}",
				"broker_requests_seconds_count{cache=\"none\",operation=\"workspace.listKeys\",outcome=\"upstream_error\",team=\"team-alpha\"}",
				"broker_requests_seconds_bucket{", "broker_arm_requests_seconds_count{operation=\"workspace.listKeys\",status=\"200\"}",
				"broker_arm_requests_seconds_count{operation=\"workspace.listKeys\",status=\"500\"}",
				"broker_policy_reloads_total{result=\"success\"}", "broker_policy_reloads_total{result=\"failure\"}",
				"broker_policy_last_reload_successful ",
				"broker_audit_failures_total", "broker_arm_ratelimit_remaining_writes", "cache_gets_total{cache=\"secrets\"",
				"resilience4j_circuitbreaker_state{", "resilience4j_retry_calls_total{", "resilience4j_bulkhead_available_concurrent_calls{",
				"jvm_memory_used_bytes{", "process_cpu_usage",
				"http_server_requests_seconds_count{");
		assertThat(metrics).doesNotContain("svc-metrics-subject", "rg-alpha-1", "ws-m", SUBSCRIPTION, "userStorageKey");
	}

	@Test
	void oneObservationPerRequestNotOnePerSecurityFilterAndNoLongTaskTimer() {
		http.get("/api/v1/me", token());
		http.get("/api/v1/me", null);

		String metrics = management().get("/actuator/prometheus").body();

		assertThat(metrics).contains("http_server_requests_seconds_count{")
			.doesNotContain("spring_security_", "http_server_requests_active");
	}

	@Test
	void tracesOneRequestInTenUnlessTheCallerDecided(@Autowired Sampler sampler) {
		assertThat(sampler.getDescription()).startsWith("ParentBased{root:TraceIdRatioBased{0.100000}");
	}

	@Test
	void aCallersSamplingDecisionIsFollowedToArm() {
		// Two workspaces: the second request for one would be answered by the remembered 404.
		AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws-s1", AzureStandIn.armError(404, "arm-error-not-found.json"));
		AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws-s0", AzureStandIn.armError(404, "arm-error-not-found.json"));
		String sampled = AuditLog.trace().id();
		String notSampled = AuditLog.trace().id();

		http.get(KEYS + "ws-s1/keys", token(), Map.of("traceparent", "00-" + sampled + "-00f067aa0ba902b7-01"));
		http.get(KEYS + "ws-s0/keys", token(), Map.of("traceparent", "00-" + notSampled + "-00f067aa0ba902b7-00"));

		AzureStandIn.server()
			.verify(postRequestedFor(urlPathMatching(".*/ws-s1/listKeys"))
				.withHeader("traceparent", matching("00-" + sampled + "-[0-9a-f]{16}-01")));
		AzureStandIn.server()
			.verify(postRequestedFor(urlPathMatching(".*/ws-s0/listKeys"))
				.withHeader("traceparent", matching("00-" + notSampled + "-[0-9a-f]{16}-00")));
	}

	/**
	 * Only the trace goes on to Azure: a caller's W3C baggage, key-value pairs of its own, is neither
	 * read nor passed on (management.tracing.baggage.enabled=false; nothing in the broker uses it).
	 */
	@Test
	void aCallersBaggageIsNotForwardedToArm() {
		AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws-bg", AzureStandIn.armError(404, "arm-error-not-found.json"));
		String traceId = AuditLog.trace().id();

		http.get(KEYS + "ws-bg/keys", token(),
				Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01", "baggage", "caller-team=alpha"));

		AzureStandIn.server()
			.verify(postRequestedFor(urlPathMatching(".*/ws-bg/listKeys"))
				.withHeader("traceparent", matching("00-" + traceId + "-[0-9a-f]{16}-01"))
				.withoutHeader("baggage"));
	}

	@Test
	void aCallersTraceReachesArmTheAuditRecordAndTheLogs(CapturedOutput output) {
		AuditLog.Trace trace = AuditLog.trace();
		String traceId = trace.id();
		AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws-t", AzureStandIn.armError(404, "arm-error-not-found.json"));

		http.get(KEYS + "ws-t/keys", token(), trace.header());

		AzureStandIn.server()
			.verify(postRequestedFor(urlPathMatching(".*/ws-t/listKeys"))
				.withHeader("traceparent", matching("00-" + traceId + "-[0-9a-f]{16}-0[01]")));
		assertThat(trace.record().get("action").asString()).isEqualTo("workspace.listKeys");
		assertThat(output.getAll().lines().filter((line) -> line.contains("/ws-t:"))).isNotEmpty()
			.allSatisfy((line) -> assertThat(line).contains(traceId));
	}

}
