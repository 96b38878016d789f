package dev.credbroker.azure;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.time.OffsetDateTime;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;

import dev.credbroker.fleet.RateLimits;
import dev.credbroker.support.ArmStubs;
import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.Fixtures;
import dev.credbroker.support.Eventually;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The client on its own, against the ARM stand-in.
 */
class ArmClientTests {

	private static final ArmOperation<WorkspaceKeys> WORKSPACE_LIST_KEYS = new ArmOperation<>("workspace.listKeys",
			List.of(Segment.SUBSCRIPTION, Segment.RESOURCE_GROUP, Segment.WORKSPACE), "listKeys",
			"Microsoft.MachineLearningServices/workspaces/listKeys/action", ArmProperties.ApiVersions::workspaces, WorkspaceKeys.class);

	private static final ArmOperation<ComputeKeys> COMPUTE_LIST_KEYS = new ArmOperation<>("compute.listKeys",
			List.of(Segment.SUBSCRIPTION, Segment.RESOURCE_GROUP, Segment.WORKSPACE, Segment.COMPUTE), "listKeys",
			"Microsoft.MachineLearningServices/workspaces/computes/listKeys/action", ArmProperties.ApiVersions::computes, ComputeKeys.class);

	private static final ArmProperties properties = new ArmProperties(URI.create("http://unused"),
			"https://management.azure.com/.default", new ArmProperties.ApiVersions("2024-10-01", "2025-09-01", "2025-09-01",
					"2025-09-01", "2025-09-01", "2025-09-01", "2026-09-01"),
			Duration.ofSeconds(2), Duration.ofSeconds(2), new ArmProperties.Budget(1000, 1000, Duration.ZERO),
			new ArmProperties.Datastores(1));

	@BeforeEach
	void reset() {
		AzureStandIn.reset();
	}

	@Test
	void namesAreSentAsEncodedPathSegments() {
		String resourceGroup = "rg.(odd)_name-1";
		// Template variables are encoded strictly: even sub-delimiters that a path could carry.
		AzureStandIn.stubWorkspaceKeys("rg.%28odd%29_name-1", "ws_1-a",
				AzureStandIn.fixture("workspace-list-keys-2024-10-01.json"));

		ArmResponse<WorkspaceKeys> response = client((context) -> Mono.just(
				new AccessToken(AzureStandIn.MANAGED_IDENTITY_TOKEN,
						OffsetDateTime.now().plusHours(1))))
			.call(WORKSPACE_LIST_KEYS, MlResource.workspace(AzureStandIn.SUBSCRIPTION, resourceGroup, "ws_1-a"))
			.block();

		assertThat(response.body().containerRegistryCredentials().username()).isEqualTo("testdemoworkjmjmeykp");
		assertThat(response.requestId()).isNotBlank();
		AzureStandIn.server()
			.verify(postRequestedFor(urlEqualTo("/subscriptions/" + AzureStandIn.SUBSCRIPTION
					+ "/resourceGroups/rg.%28odd%29_name-1/providers/Microsoft.MachineLearningServices/workspaces/ws_1-a/listKeys?api-version=2024-10-01")));
	}

	@Test
	void anIdentityWithoutATokenMakesNoArmCall() {
		ArmClient client = client((context) -> Mono.error(new IllegalStateException("no identity here")));

		assertThatExceptionOfType(ArmException.class)
			.isThrownBy(() -> client.call(WORKSPACE_LIST_KEYS, MlResource.workspace(AzureStandIn.SUBSCRIPTION, "rg", "ws1"))
				.block())
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ArmException.Reason.IDENTITY_UNAVAILABLE));
		assertThat(AzureStandIn.armCalls()).isZero();
	}

	@Test
	void anUnreachableArmIsUnavailable() {
		ArmClient client = new ArmClient(WebClient.builder().baseUrl("http://127.0.0.1:1").build(),
				JsonMapper.builder().build(), properties, resilience(properties.budget()), new AtomicLong(), new ArmMetrics(new SimpleMeterRegistry()));

		assertThatExceptionOfType(ArmException.class)
			.isThrownBy(() -> client.call(COMPUTE_LIST_KEYS, MlResource.compute(AzureStandIn.SUBSCRIPTION, "rg", "ws1", "aks1"))
				.block())
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ArmException.Reason.UPSTREAM_UNAVAILABLE));
	}

	private static ArmClient client(TokenCredential credential) {
		WebClient webClient = WebClient.builder()
			.baseUrl(AzureStandIn.armEndpoint())
			.filter(new ManagedIdentityTokenFilter(credential, properties.scope()))
			.build();
		return new ArmClient(webClient, JsonMapper.builder().build(), properties, resilience(properties.budget()),
				new AtomicLong(), new ArmMetrics(new SimpleMeterRegistry()));
	}

	@Test
	void aSpentBudgetHoldsTheCallBackWithoutCallingArm() {
		AzureStandIn.stubWorkspaceKeys("rg", "ws1", AzureStandIn.fixture("workspace-list-keys-2024-10-01.json"));
		WebClient webClient = WebClient.builder()
			.baseUrl(AzureStandIn.armEndpoint())
			.filter(new ManagedIdentityTokenFilter((context) -> Mono.just(new AccessToken(
					AzureStandIn.MANAGED_IDENTITY_TOKEN, OffsetDateTime.now().plusHours(1))), properties.scope()))
			.build();
		ArmClient client = new ArmClient(webClient, JsonMapper.builder().build(), properties,
				resilience(new ArmProperties.Budget(0.001, 1, Duration.ofMillis(10))), new AtomicLong(),
				new ArmMetrics(new SimpleMeterRegistry()));
		MlResource workspace = MlResource.workspace(AzureStandIn.SUBSCRIPTION, "rg", "ws1");

		client.call(WORKSPACE_LIST_KEYS, workspace).block();

		assertThatExceptionOfType(ArmException.class).isThrownBy(() -> client.call(WORKSPACE_LIST_KEYS, workspace).block())
			.satisfies((ex) -> {
				assertThat(ex.heldBack()).extracting(ArmException.HeldBack::value).isEqualTo("budget-spent");
				assertThat(ex.retryAfter()).isPositive();
			});
		assertThat(AzureStandIn.armCalls()).isEqualTo(1);
	}

	@Test
	void aFullBulkheadHoldsTheCallBack() throws Exception {
		// Long enough that the first call still holds the permit when the second asks, even on a
		// loaded machine; the test waits for the permit to be taken, not for a time.
		AzureStandIn.stubWorkspaceKeys("rg", "ws-slow",
				AzureStandIn.fixture("workspace-list-keys-2024-10-01.json").withFixedDelay(1000));
		WebClient webClient = WebClient.builder()
			.baseUrl(AzureStandIn.armEndpoint())
			.filter(new ManagedIdentityTokenFilter((context) -> Mono.just(new AccessToken(
					AzureStandIn.MANAGED_IDENTITY_TOKEN, OffsetDateTime.now().plusHours(1))), properties.scope()))
			.build();
		Bulkhead one = Bulkhead.of("arm",
				BulkheadConfig.custom().maxConcurrentCalls(1).maxWaitDuration(Duration.ZERO).build());
		ArmClient client = new ArmClient(webClient, JsonMapper.builder().build(), properties,
				new ArmResilience(TimeLimiter.of(Duration.ofSeconds(5)),
						Retry.of("arm", RetryConfig.custom().maxAttempts(1).build()), CircuitBreaker.ofDefaults("arm"),
						one, properties.budget(), RateLimits.local(Clock.systemUTC()).buckets("arm-budget", properties.budget().maxWait())),
				new AtomicLong(), new ArmMetrics(new SimpleMeterRegistry()));
		MlResource workspace = MlResource.workspace(AzureStandIn.SUBSCRIPTION, "rg", "ws-slow");

		CompletableFuture<ArmResponse<WorkspaceKeys>> first = client.call(WORKSPACE_LIST_KEYS, workspace).toFuture();
		Eventually.until("the first call holds the bulkhead's one permit",
				() -> one.getMetrics().getAvailableConcurrentCalls() == 0);

		assertThatExceptionOfType(ArmException.class).isThrownBy(() -> client.call(WORKSPACE_LIST_KEYS, workspace).block())
			.satisfies((ex) -> assertThat(ex.heldBack()).extracting(ArmException.HeldBack::value).isEqualTo("bulkhead-full"));
		assertThat(first.get().body()).isNotNull();
		assertThat(AzureStandIn.armCalls()).isEqualTo(1);
	}

	@Test
	void datastoresAskForAnExpiringSecretFromTheFirstApiVersionThatCanAndSendNoBodyBefore() {
		ArmOperation<DatastoreSecrets> listSecrets = new ArmOperation<>("datastore.listSecrets",
				List.of(Segment.SUBSCRIPTION, Segment.RESOURCE_GROUP, Segment.WORKSPACE, Segment.DATASTORE), "listSecrets",
				"Microsoft.MachineLearningServices/workspaces/datastores/listsecrets/action",
				ArmProperties.ApiVersions::datastores, DatastoreSecrets.class, SecretExpiry::forDatastores);
		MlResource datastore = MlResource.of(listSecrets.path(), java.util.Map.of(Segment.SUBSCRIPTION,
				AzureStandIn.SUBSCRIPTION, Segment.RESOURCE_GROUP, "rg", Segment.WORKSPACE, "ws1", Segment.DATASTORE,
				"blobstore")::get);
		String path = "/subscriptions/" + AzureStandIn.SUBSCRIPTION
				+ "/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws1/datastores/blobstore/listSecrets";
		for (String version : List.of("2026-09-01", "2027-01-01-preview", "2025-09-01", "2024-10-01")) {
			AzureStandIn.server()
				.stubFor(ArmStubs.action(path.substring(0, path.length() - "/listSecrets".length()), "listSecrets",
						version, AzureStandIn.MANAGED_IDENTITY_TOKEN)
					.willReturn(AzureStandIn.fixture("datastore-list-secrets-sas.json")));
		}

		for (String version : List.of("2026-09-01", "2027-01-01-preview", "2025-09-01", "2024-10-01")) {
			ArmProperties configured = new ArmProperties(properties.endpoint(), properties.scope(),
					new ArmProperties.ApiVersions("2024-10-01", "2025-09-01", "2025-09-01", "2025-09-01", "2025-09-01",
							"2025-09-01", version),
					properties.connectTimeout(), properties.responseTimeout(), properties.budget(),
					new ArmProperties.Datastores(4));
			assertThat(client(configured).call(listSecrets, datastore).block().body().secretsType()).isEqualTo("Sas");
		}

		for (String version : List.of("2026-09-01", "2027-01-01-preview")) {
			AzureStandIn.server()
				.verify(1, postRequestedFor(urlPathEqualTo(path)).withQueryParam("api-version", equalTo(version))
					.withHeader("Content-Type", equalTo("application/json"))
					.withRequestBody(equalToJson("{\"expirableSecret\": true, \"expireAfterHours\": 4}")));
		}
		for (String version : List.of("2025-09-01", "2024-10-01")) {
			AzureStandIn.server()
				.verify(1, postRequestedFor(urlPathEqualTo(path)).withQueryParam("api-version", equalTo(version))
					.withHeader("Content-Type", absent())
					.withRequestBody(absent()));
		}
	}

	@Test
	void payloadsOfTheNewKindsRedactTheirSecretsInToString() {
		JsonMapper mapper = JsonMapper.builder().build();
		String all = mapper.readValue(Fixtures.azure("online-endpoint-list-keys.json"), EndpointKeys.class)
			.toString()
				+ mapper.readValue(Fixtures.azure("online-endpoint-get-token.json"), EndpointToken.class)
				+ mapper.readValue(Fixtures.azure("connection-list-secrets-oauth2.json"), ConnectionSecrets.class)
				+ mapper
					.readValue(Fixtures.azure("connection-list-secrets-oauth2.json"), ConnectionSecrets.class)
					.properties()
					.credentials()
				+ mapper.readValue(Fixtures.azure("datastore-list-secrets-sas.json"), DatastoreSecrets.class);

		assertThat(all).doesNotContain("oe-", "cn-", "ds-", "robot").contains("Bearer", "OAuth2", "Sas");
		for (Object payload : List.of(new EndpointKeys("k", null), new EndpointToken("t", null, null, null),
				new ConnectionSecrets(null), new DatastoreSecrets("Sas", null, null, "s", null))) {
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> mapper.writeValueAsString(payload))
				.withMessageEndingWith("holds secrets and is never written");
		}
	}

	private static ArmClient client(ArmProperties configured) {
		WebClient webClient = WebClient.builder()
			.baseUrl(AzureStandIn.armEndpoint())
			.filter(new ManagedIdentityTokenFilter((context) -> Mono.just(new AccessToken(
					AzureStandIn.MANAGED_IDENTITY_TOKEN, OffsetDateTime.now().plusHours(1))), configured.scope()))
			.build();
		return new ArmClient(webClient, JsonMapper.builder().build(), configured, resilience(configured.budget()),
				new AtomicLong(), new ArmMetrics(new SimpleMeterRegistry()));
	}

	private static ArmResilience resilience(ArmProperties.Budget budget) {
		return new ArmResilience(TimeLimiter.of(Duration.ofSeconds(5)),
				Retry.of("arm", RetryConfig.custom().maxAttempts(1).build()), CircuitBreaker.ofDefaults("arm"),
				Bulkhead.ofDefaults("arm"), budget,
				RateLimits.local(Clock.systemUTC()).buckets("arm-budget", budget.maxWait()));
	}

}
