package dev.credbroker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.credbroker.secrets.CacheReset;
import dev.credbroker.secrets.SecretKinds;
import dev.credbroker.support.BrokerTestProperties;
import dev.credbroker.support.ArmStubs;
import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.Http;
import dev.credbroker.support.MovableClock;
import dev.credbroker.support.TestIssuer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static dev.credbroker.support.AzureStandIn.SUBSCRIPTION;
import static dev.credbroker.support.AzureStandIn.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slow or failing Azure never takes the broker down, a crowd of callers never multiplies ARM
 * calls, and the cache never pins an old answer. WireMock injects the faults. The broker's clock,
 * by which answers age, budgets refill and the circuit half-opens, is moved by hand: TTL 1 s,
 * stale limit 3 s, a 404 remembered 5 s, circuit open for 1 s, a budget of 10 calls refilled at one
 * every 2 s. Attempts (1 s) and calls (3 s) are timed by the real clock.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ResilienceIntegrationTests.Clocks.class)
@ExtendWith(OutputCaptureExtension.class)
class ResilienceIntegrationTests {

	private static final String WORKSPACES = "/api/v1/subscriptions/" + SUBSCRIPTION
			+ "/resourceGroups/rg-res/workspaces/";

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private CircuitBreakerRegistry circuitBreakers;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private MovableClock clock;

	private Http http;

	@TestConfiguration(proxyBeanMethods = false)
	static class Clocks {

		@Bean
		@Primary
		MovableClock movableClock() {
			return new MovableClock();
		}

	}

	@DynamicPropertySource
	static void brokerProperties(DynamicPropertyRegistry registry) {
		BrokerTestProperties.register(registry, () -> "classpath:dev/credbroker/policy/resilience-policies.yaml");
		registry.add("broker.cache.ttl", () -> "1s");
		registry.add("broker.cache.max-stale", () -> "3s");
		registry.add("broker.arm.response-timeout", () -> "1s");
		registry.add("resilience4j.timelimiter.instances.arm.timeout-duration", () -> "3s");
		registry.add("resilience4j.retry.instances.arm.wait-duration", () -> "20ms");
		registry.add("resilience4j.circuitbreaker.instances.arm.sliding-window-size", () -> "4");
		registry.add("resilience4j.circuitbreaker.instances.arm.minimum-number-of-calls", () -> "4");
		registry.add("resilience4j.circuitbreaker.instances.arm.wait-duration-in-open-state", () -> "1s");
		registry.add("resilience4j.circuitbreaker.instances.arm.permitted-number-of-calls-in-half-open-state",
				() -> "1");
		registry.add("broker.cache.negative-ttl", () -> "5s");
		registry.add("broker.arm.budget.rate-per-second", () -> "0.5");
		registry.add("broker.arm.budget.burst", () -> "10");
		registry.add("broker.arm.budget.max-wait", () -> "0s");
	}

	@BeforeEach
	void reset() {
		this.http = new Http(this.port);
		AzureStandIn.reset();
		CacheReset.evictAll(this.context);
		circuitBreaker().reset();
		// An hour on: every budget is full again, whatever the test before spent.
		this.clock.advance(Duration.ofHours(1));
	}

	@Nested
	class Cache {

		@Test
		void aStampedeOfColdRequestsMakesOneArmCall() throws Exception {
			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-cold",
					fixture("workspace-list-keys-all-fields.json").withFixedDelay(700));
			String token = reader();
			int n = 64;
			long[] sent = new long[n];
			long[] answered = new long[n];
			ExecutorService pool = Executors.newFixedThreadPool(n);
			try {
				CountDownLatch ready = new CountDownLatch(n);
				CountDownLatch start = new CountDownLatch(1);
				List<Future<Integer>> statuses = new ArrayList<>();
				for (int i = 0; i < n; i++) {
					int index = i;
					Callable<Integer> call = () -> {
						Http client = new Http(port);
						ready.countDown();
						start.await();
						sent[index] = System.nanoTime();
						int status = client.get(WORKSPACES + "ws-cold/keys", token).status();
						answered[index] = System.nanoTime();
						return status;
					};
					statuses.add(pool.submit(call));
				}
				ready.await();
				start.countDown();
				for (Future<Integer> status : statuses) {
					assertThat(status.get()).isEqualTo(200);
				}
			}
			finally {
				pool.shutdownNow();
			}

			// As bench/run's stampede counts it: a request sent before the first answer came back was
			// under way with the one ARM call, since the broker answers none before ARM has answered.
			long firstAnswer = Arrays.stream(answered).min().orElseThrow();
			long overlapped = Arrays.stream(sent).filter((time) -> time < firstAnswer).count();
			assertThat(overlapped).as("requests that overlapped the ARM call").isGreaterThanOrEqualTo(2);
			assertThat(AzureStandIn.armCalls()).isEqualTo(1);
		}

		@Test
		void freshWithinTheTtlAskedAgainAfterIt() throws Exception {
			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-ttl", fixture("workspace-list-keys-all-fields.json"));

			Http.Response first = http.get(WORKSPACES + "ws-ttl/keys", reader());
			Http.Response second = http.get(WORKSPACES + "ws-ttl/keys", reader());

			assertThat(first.header("Age")).isEmpty();
			assertThat(second.status()).isEqualTo(200);
			assertThat(second.header("Age")).isPresent();
			assertThat(second.json().get("stale").asBoolean()).isFalse();
			assertThat(AzureStandIn.armCalls()).isEqualTo(1);

			clock.advance(Duration.ofMillis(1100));
			Http.Response third = http.get(WORKSPACES + "ws-ttl/keys", reader());

			assertThat(third.status()).isEqualTo(200);
			assertThat(third.header("Age")).isEmpty();
			assertThat(AzureStandIn.armCalls()).isEqualTo(2);
		}

		@Test
		void staleIsServedWhenArmFailsAfterTheTtlButNotPastMaxStale() {
			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-stale", fixture("workspace-list-keys-all-fields.json"));
			assertThat(http.get(WORKSPACES + "ws-stale/keys", reader()).status()).isEqualTo(200);
			clock.advance(Duration.ofMillis(1100));
			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-stale", AzureStandIn.armError(500, "arm-error-internal.json"));

			Http.Response stale = http.get(WORKSPACES + "ws-stale/keys", reader());

			assertThat(stale.status()).isEqualTo(200);
			assertThat(stale.json().get("stale").asBoolean()).isTrue();
			assertThat(Long.parseLong(stale.header("Age").orElseThrow())).isGreaterThanOrEqualTo(1);
			assertThat(stale.json().get("secrets").has("userStorageKey")).isTrue();

			clock.advance(Duration.ofMillis(2000));
			Http.Response tooOld = http.get(WORKSPACES + "ws-stale/keys", reader());

			assertThat(tooOld.status()).isEqualTo(503);
			assertThat(tooOld.body()).doesNotContain("secrets");
		}

		@Test
		void notFoundIsNeverBridgedWithAStaleAnswer() {
			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-gone", fixture("workspace-list-keys-all-fields.json"));
			http.get(WORKSPACES + "ws-gone/keys", reader());
			clock.advance(Duration.ofMillis(1100));
			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-gone", AzureStandIn.armError(404, "arm-error-not-found.json"));

			assertThat(http.get(WORKSPACES + "ws-gone/keys", reader()).status()).isEqualTo(404);
			assertThat(http.get(WORKSPACES + "ws-gone/keys", reader()).status()).isEqualTo(404);
			assertThat(AzureStandIn.armCalls()).as("the second 404 is remembered").isEqualTo(2);
		}

		@ParameterizedTest
		@ValueSource(ints = { 401, 403 })
		void unauthorisedRefreshDropsTheEntry(int status) {
			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-revoked", fixture("workspace-list-keys-all-fields.json"));
			http.get(WORKSPACES + "ws-revoked/keys", reader());
			clock.advance(Duration.ofMillis(1100));
			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-revoked",
					AzureStandIn.armError(status, "arm-error-authorization-failed.json"));

			assertThat(http.get(WORKSPACES + "ws-revoked/keys", reader()).status()).isEqualTo(502);
			Http.Response again = http.get(WORKSPACES + "ws-revoked/keys", reader());

			assertThat(again.status()).as("a 403 is neither bridged nor remembered").isEqualTo(502);
			assertThat(again.body()).doesNotContain("secrets");
			assertThat(AzureStandIn.armCalls()).isEqualTo(3);
		}

		@Test
		void aRememberedNotFoundCostsNoArmCallUntilItsTtlRunsOutOrItIsEvicted() {
			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-made-up", AzureStandIn.armError(404, "arm-error-not-found.json"));
			String resourceId = AzureStandIn.workspacePath("rg-res", "ws-made-up");

			for (int i = 0; i < 5; i++) {
				assertThat(http.get(WORKSPACES + "ws-made-up/keys", reader()).status()).isEqualTo(404);
			}
			assertThat(AzureStandIn.armCalls()).isEqualTo(1);

			clock.advance(Duration.ofMillis(4900));
			assertThat(http.get(WORKSPACES + "ws-made-up/keys", reader()).status()).isEqualTo(404);
			assertThat(AzureStandIn.armCalls()).isEqualTo(1);

			clock.advance(Duration.ofMillis(200));
			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-made-up", fixture("workspace-list-keys-all-fields.json"));
			assertThat(http.get(WORKSPACES + "ws-made-up/keys", reader()).status())
				.as("created meanwhile, found once the 404 is forgotten")
				.isEqualTo(200);
			assertThat(AzureStandIn.armCalls()).isEqualTo(2);

			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-made-up", AzureStandIn.armError(404, "arm-error-not-found.json"));
			clock.advance(Duration.ofMillis(1100));
			assertThat(http.get(WORKSPACES + "ws-made-up/keys", reader()).status()).isEqualTo(404);
			Http.Response evicted = http.post("/api/v1/cache/evictions", "{\"resourceId\":\"" + resourceId + "\"}",
					reader());
			assertThat(evicted.json().get("evicted").asBoolean()).isTrue();
			assertThat(http.get(WORKSPACES + "ws-made-up/keys", reader()).status()).isEqualTo(404);
			assertThat(AzureStandIn.armCalls()).isEqualTo(4);
		}

		@Test
		void aRefreshHeldBackByTheSpentBudgetServesStaleThenAsksAzureOnceTheBudgetRefills() {
			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-budget", fixture("workspace-list-keys-all-fields.json"));
			String before = storageKeyFingerprint(http.get(WORKSPACES + "ws-budget/keys", reader()));
			for (int i = 0; i < 9; i++) {
				AzureStandIn.stubWorkspaceKeys("rg-res", "ws-spend-" + i, fixture("workspace-list-keys-all-fields.json"));
				assertThat(http.get(WORKSPACES + "ws-spend-" + i + "/keys", reader()).status()).isEqualTo(200);
			}
			assertThat(AzureStandIn.armCalls()).isEqualTo(10);
			clock.advance(Duration.ofMillis(1100));
			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-budget", fixture("workspace-list-keys-rotated.json"));

			Http.Response stale = http.get(WORKSPACES + "ws-budget/keys", reader());

			assertThat(stale.json().get("stale").asBoolean()).isTrue();
			assertThat(storageKeyFingerprint(stale)).isEqualTo(before);
			assertThat(AzureStandIn.armCalls()).isEqualTo(10);

			// 0.75 s more: the budget has a permit again, and the answer is still within its stale limit.
			clock.advance(Duration.ofMillis(1500));
			assertFreshAnswerAfterRotation("ws-budget", before, 11);
			thenANotFoundRefreshDropsIt("ws-budget", Duration.ofMillis(2000), 12);
		}

		@Test
		void aRefreshHeldBackByTheOpenCircuitServesStaleThenAsksAzureOnceItHalfOpens() {
			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-circuit", fixture("workspace-list-keys-all-fields.json"));
			String before = storageKeyFingerprint(http.get(WORKSPACES + "ws-circuit/keys", reader()));
			clock.advance(Duration.ofMillis(1100));
			circuitBreaker().transitionToOpenState();
			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-circuit", fixture("workspace-list-keys-rotated.json"));

			Http.Response stale = http.get(WORKSPACES + "ws-circuit/keys", reader());

			assertThat(stale.json().get("stale").asBoolean()).isTrue();
			assertThat(storageKeyFingerprint(stale)).isEqualTo(before);
			assertThat(AzureStandIn.armCalls()).isEqualTo(1);

			clock.advance(Duration.ofMillis(1100));
			assertFreshAnswerAfterRotation("ws-circuit", before, 2);
			assertThat(circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			thenANotFoundRefreshDropsIt("ws-circuit", Duration.ofMillis(1100), 3);
		}

		private void assertFreshAnswerAfterRotation(String workspace, String before, int armCalls) {
			Http.Response fresh = http.get(WORKSPACES + workspace + "/keys", reader());

			assertThat(fresh.status()).isEqualTo(200);
			assertThat(fresh.json().get("stale").asBoolean()).isFalse();
			assertThat(storageKeyFingerprint(fresh)).as("the rotated key").isNotEqualTo(before);
			assertThat(AzureStandIn.armCalls()).isEqualTo(armCalls);
		}

		private void thenANotFoundRefreshDropsIt(String workspace, Duration untilExpiredWithAPermit, int armCalls) {
			AzureStandIn.stubWorkspaceKeys("rg-res", workspace, AzureStandIn.armError(404, "arm-error-not-found.json"));
			clock.advance(untilExpiredWithAPermit);

			Http.Response gone = http.get(WORKSPACES + workspace + "/keys", reader());
			Http.Response again = http.get(WORKSPACES + workspace + "/keys", reader());

			assertThat(gone.status()).isEqualTo(404);
			assertThat(gone.body()).doesNotContain("secrets");
			assertThat(again.status()).isEqualTo(404);
			assertThat(AzureStandIn.armCalls()).isEqualTo(armCalls);
		}

		@Test
		void evictionDropsTheEntryForTeamsAllowedToEvict() {
			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-rot", fixture("workspace-list-keys-all-fields.json"));
			http.get(WORKSPACES + "ws-rot/keys", reader());
			String resourceId = AzureStandIn.workspacePath("rg-res", "ws-rot");

			Http.Response denied = http.post("/api/v1/cache/evictions", "{\"resourceId\":\"" + resourceId + "\"}",
					token("tight"));
			http.get(WORKSPACES + "ws-rot/keys", reader());

			assertThat(denied.status()).isEqualTo(403);
			assertThat(denied.json().get("reason").asString()).isEqualTo("evict-not-granted");
			assertThat(AzureStandIn.armCalls()).isEqualTo(1);

			Http.Response evicted = http.post("/api/v1/cache/evictions",
					"{\"resourceId\":\"" + resourceId.toUpperCase().replace("SUBSCRIPTIONS", "subscriptions") + "\"}",
					reader());
			http.get(WORKSPACES + "ws-rot/keys", reader());

			assertThat(evicted.status()).isEqualTo(200);
			assertThat(evicted.json().get("evicted").asBoolean()).isTrue();
			assertThat(AzureStandIn.armCalls()).isEqualTo(2);
		}

	}

	/**
	 * An online endpoint has two kinds of secret under one resource id, its keys and its token,
	 * each cached on its own; the token for as long as Azure says it is good, never past its expiry.
	 */
	@Nested
	class EndpointKeysAndTokens {

		private static final String ENDPOINT = "/api/v1/subscriptions/" + SUBSCRIPTION
				+ "/resourceGroups/rg-res/workspaces/ws-ep/onlineEndpoints/";

		@Test
		void keysAndTokenOfOneEndpointAreCachedApartAndEvictedTogether() {
			AzureStandIn.stub(SecretKinds.ONLINE_ENDPOINT, "rg-res", "ws-ep", "both", fixture("online-endpoint-list-keys.json"));
			stubToken("both", 0, 0);

			Http.Response keys = http.get(ENDPOINT + "both/keys", reader());
			Http.Response token = http.get(ENDPOINT + "both/token", reader());
			Http.Response keysAgain = http.get(ENDPOINT + "both/keys", reader());
			Http.Response tokenAgain = http.get(ENDPOINT + "both/token", reader());

			assertThat(keys.json().get("kind").asString()).isEqualTo("onlineEndpoint");
			assertThat(token.json().get("kind").asString()).isEqualTo("onlineEndpointToken");
			assertThat(keysAgain.json().get("secrets").propertyNames()).containsExactly("endpoint.primaryKey",
					"endpoint.secondaryKey");
			assertThat(tokenAgain.json().get("secrets").has("token.accessToken")).isTrue();
			assertThat(keysAgain.header("Age")).isPresent();
			assertThat(tokenAgain.header("Age")).isPresent();
			assertThat(AzureStandIn.armCalls()).isEqualTo(2);

			String resourceId = AzureStandIn.path(SecretKinds.ONLINE_ENDPOINT, "rg-res", "ws-ep", "both");
			Http.Response evicted = http.post("/api/v1/cache/evictions", "{\"resourceId\":\"" + resourceId + "\"}",
					reader());
			Http.Response evictedAgain = http.post("/api/v1/cache/evictions",
					"{\"resourceId\":\"" + resourceId + "\"}", reader());

			assertThat(evicted.json().get("evicted").asBoolean()).isTrue();
			assertThat(evictedAgain.json().get("evicted").asBoolean()).as("both kinds went at once").isFalse();
			assertThat(http.get(ENDPOINT + "both/keys", reader()).header("Age")).isEmpty();
			assertThat(http.get(ENDPOINT + "both/token", reader()).header("Age")).isEmpty();
			assertThat(AzureStandIn.armCalls()).isEqualTo(4);
		}

		@Test
		void evictingOneKindLeavesNoOtherResourcesAnswer() {
			AzureStandIn.stub(SecretKinds.ONLINE_ENDPOINT, "rg-res", "ws-ep", "one", fixture("online-endpoint-list-keys.json"));
			AzureStandIn.stub(SecretKinds.ONLINE_ENDPOINT, "rg-res", "ws-ep", "two", fixture("online-endpoint-list-keys.json"));
			http.get(ENDPOINT + "one/keys", reader());
			http.get(ENDPOINT + "two/keys", reader());

			http.post("/api/v1/cache/evictions", "{\"resourceId\":\""
					+ AzureStandIn.path(SecretKinds.ONLINE_ENDPOINT, "rg-res", "ws-ep", "one") + "\"}", reader());

			assertThat(http.get(ENDPOINT + "two/keys", reader()).header("Age")).isPresent();
			assertThat(http.get(ENDPOINT + "one/keys", reader()).header("Age")).isEmpty();
			assertThat(AzureStandIn.armCalls()).isEqualTo(3);
		}

		@Test
		void aTokenIsFreshUntilItsRefreshTimeWhateverTheTtlAndNeverServedStalePastItsExpiry() {
			// Half a second past a whole one: the token's whole seconds fall half-way between steps.
			alignToASecond();
			clock.advance(Duration.ofMillis(500));
			// TTL 1 s, stale limit 3 s; the token is to be refreshed 1.5 s from now and expires 2.5 s from now.
			stubToken("fresh", 2, 3);

			assertThat(http.get(ENDPOINT + "fresh/token", reader()).status()).isEqualTo(200);
			clock.advance(Duration.ofMillis(1200));
			Http.Response pastTheTtl = http.get(ENDPOINT + "fresh/token", reader());

			assertThat(pastTheTtl.header("Age")).as("fresh past the TTL, before its refresh time").hasValue("1");
			assertThat(AzureStandIn.armCalls()).isEqualTo(1);

			clock.advance(Duration.ofMillis(600));
			AzureStandIn.stub(SecretKinds.ONLINE_ENDPOINT_TOKEN, "rg-res", "ws-ep", "fresh",
					AzureStandIn.armError(500, "arm-error-internal.json"));
			Http.Response stale = http.get(ENDPOINT + "fresh/token", reader());

			assertThat(stale.status()).as("past its refresh time, Azure failing, not yet expired").isEqualTo(200);
			assertThat(stale.json().get("stale").asBoolean()).isTrue();
			assertThat(AzureStandIn.armCalls()).isGreaterThan(1);

			// 2.6 s: expired, well within the stale limit; Azure failing or the circuit open, either of
			// which would let a stale answer serve.
			clock.advance(Duration.ofMillis(800));
			Http.Response expired = http.get(ENDPOINT + "fresh/token", reader());

			assertThat(expired.status()).as("expired, though younger than the stale limit").isEqualTo(503);
			assertThat(expired.json().get("code").asString()).isEqualTo("UpstreamUnavailable");
			assertThat(expired.body()).doesNotContain("secrets", "tok-fresh");
		}

		@Test
		void aTokenWhoseRefreshTimeIsPastItsExpiryIsAskedForAgainAtItsExpiry() {
			alignToASecond();
			stubToken("odd", 10, 2);

			http.get(ENDPOINT + "odd/token", reader());
			clock.advance(Duration.ofMillis(1900));
			assertThat(http.get(ENDPOINT + "odd/token", reader()).header("Age")).isPresent();
			clock.advance(Duration.ofMillis(100));
			Http.Response atExpiry = http.get(ENDPOINT + "odd/token", reader());

			assertThat(atExpiry.status()).isEqualTo(200);
			assertThat(atExpiry.header("Age")).isEmpty();
			assertThat(AzureStandIn.armCalls()).isEqualTo(2);
		}

		@Test
		void aTokenWithoutTimesIsCachedForTheTtl() {
			stubToken("untimed", 0, 0);

			http.get(ENDPOINT + "untimed/token", reader());
			clock.advance(Duration.ofMillis(900));
			assertThat(http.get(ENDPOINT + "untimed/token", reader()).header("Age")).isPresent();
			clock.advance(Duration.ofMillis(200));
			assertThat(http.get(ENDPOINT + "untimed/token", reader()).header("Age")).isEmpty();
			assertThat(AzureStandIn.armCalls()).isEqualTo(2);
		}

		/** A token whose times are so many seconds from now by the broker's clock; 0 for none. */
		private void stubToken(String endpoint, long refreshAfter, long expiry) {
			long now = clock.instant().getEpochSecond();
			AzureStandIn.stub(SecretKinds.ONLINE_ENDPOINT_TOKEN, "rg-res", "ws-ep", endpoint,
					okJson("{\"accessToken\":\"tok-" + endpoint + "-0001\",\"tokenType\":\"Bearer\",\"expiryTimeUtc\":"
							+ ((expiry > 0) ? now + expiry : 0) + ",\"refreshAfterTimeUtc\":"
							+ ((refreshAfter > 0) ? now + refreshAfter : 0) + "}"));
		}

		/** Azure's times are whole seconds: the clock moves to the next one. */
		private void alignToASecond() {
			clock.advance(Duration.ofNanos(1_000_000_000L - clock.instant().getNano()));
		}

	}

	@Nested
	class CircuitBreaking {

		/** Requests refused by the open circuit, each counted once. */
		private double heldBackByTheCircuit() {
			return ResilienceIntegrationTests.this.meters.get("broker.arm.held.back")
				.tag("reason", "circuit-open")
				.counter()
				.count();
		}

		@Test
		void serverErrorsOpenTheCircuitWhichFailsFastAndRecoversHalfOpen(CapturedOutput output) {
			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-down", AzureStandIn.armError(500, "arm-error-internal.json"));
			for (int i = 0; i < 2; i++) {
				assertThat(http.get(WORKSPACES + "ws-down/keys", reader()).status()).isEqualTo(503);
			}
			assertThat(circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
			int calls = AzureStandIn.armCalls();
			double refusals = heldBackByTheCircuit();

			Http.Response fast = http.get(WORKSPACES + "ws-down/keys", reader());

			assertThat(fast.status()).isEqualTo(503);
			assertThat(fast.json().get("code").asString()).isEqualTo("UpstreamUnavailable");
			assertThat(fast.json().get("heldBack").asString()).isEqualTo("circuit-open");
			assertThat(fast.header("Retry-After")).hasValue("1");
			assertThat(AzureStandIn.armCalls()).isEqualTo(calls);
			// The transition is logged once; each request it refuses is counted, not logged.
			assertThat(output.getAll().lines().filter((line) -> line.contains("Circuit breaker 'arm' CLOSED -> OPEN")))
				.hasSize(1);
			assertThat(output.getAll()).doesNotContain("not called: circuit-open");
			assertThat(heldBackByTheCircuit()).isEqualTo(refusals + 1);

			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-down", fixture("workspace-list-keys-all-fields.json"));
			clock.advance(Duration.ofMillis(1100));

			assertThat(http.get(WORKSPACES + "ws-down/keys", reader()).status()).isEqualTo(200);
			assertThat(circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		}

		/**
		 * A caller can bring these about at will (a resource it may read that answers 400, a
		 * connection of huge custom keys): counted, they would open the circuit for every team.
		 */
		@Test
		void aRequestsRefusalAndAnAnswerTooLargeToReadDoNotCountAsFailures() {
			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-refused",
					AzureStandIn.armError(400, "arm-error-invalid-request.json"));
			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-huge",
					okJson("{\"userStorageKey\":\"" + "k".repeat(300 * 1024) + "\"}"));
			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-fine", fixture("workspace-list-keys-all-fields.json"));

			for (int i = 0; i < 4; i++) {
				Http.Response refused = http.get(WORKSPACES + "ws-refused/keys", reader());
				assertThat(refused.status()).isEqualTo(502);
				assertThat(refused.json().get("code").asString()).isEqualTo("UpstreamBadResponse");
				Http.Response huge = http.get(WORKSPACES + "ws-huge/keys", reader());
				assertThat(huge.status()).isEqualTo(502);
				assertThat(huge.json().get("code").asString()).isEqualTo("UpstreamBadResponse");
			}

			assertThat(circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			assertThat(http.get(WORKSPACES + "ws-fine/keys", reader()).status()).isEqualTo(200);
			assertThat(AzureStandIn.armCalls()).as("one call each, none retried").isEqualTo(9);
		}

		@Test
		void notFoundDoesNotCountAsAFailure() {
			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-none", AzureStandIn.armError(404, "arm-error-not-found.json"));

			for (int i = 0; i < 6; i++) {
				assertThat(http.get(WORKSPACES + "ws-none/keys", reader()).status()).isEqualTo(404);
				// Past the remembered 404, so that each request reaches Azure and the circuit breaker.
				clock.advance(Duration.ofSeconds(6));
			}

			assertThat(AzureStandIn.armCalls()).isEqualTo(6);
			assertThat(circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		}

	}

	@Nested
	class Retries {

		@Test
		void throttledWithRetryAfterThenServed() {
			AzureStandIn.server()
				.stubFor(listKeys("ws-429").inScenario("throttle")
					.whenScenarioStateIs(Scenario.STARTED)
					.willReturn(aResponse().withStatus(429)
						.withHeader("Retry-After", "1")
						.withHeader("Content-Type", "application/json")
						.withBody("{\"error\":{\"code\":\"SubscriptionRequestsThrottled\"}}"))
					.willSetStateTo("served"));
			AzureStandIn.server()
				.stubFor(listKeys("ws-429").inScenario("throttle")
					.whenScenarioStateIs("served")
					.willReturn(fixture("workspace-list-keys-all-fields.json")));

			long start = System.nanoTime();
			Http.Response response = http.get(WORKSPACES + "ws-429/keys", reader());

			assertThat(response.status()).isEqualTo(200);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
			assertThat(AzureStandIn.armCalls()).isEqualTo(2);
		}

		/** A gateway's page, say: the status and its Retry-After still say what happened. */
		@Test
		void anErrorWithABodyTooLargeToReadIsRetriedByItsStatus() {
			AzureStandIn.server()
				.stubFor(listKeys("ws-big-503").inScenario("big")
					.whenScenarioStateIs(Scenario.STARTED)
					.willReturn(aResponse().withStatus(503)
						.withHeader("Content-Type", "text/html")
						.withBody("<html>" + "x".repeat(300 * 1024) + "</html>"))
					.willSetStateTo("served"));
			AzureStandIn.server()
				.stubFor(listKeys("ws-big-503").inScenario("big")
					.whenScenarioStateIs("served")
					.willReturn(fixture("workspace-list-keys-all-fields.json")));

			assertThat(http.get(WORKSPACES + "ws-big-503/keys", reader()).status()).isEqualTo(200);
			assertThat(AzureStandIn.armCalls()).isEqualTo(2);
		}

		@Test
		void aRetryAfterBeyondTheDeadlineFailsAtOnce() {
			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-later", aResponse().withStatus(503)
				.withHeader("Retry-After", "30")
				.withHeader("Content-Type", "application/json")
				.withBody("{\"error\":{\"code\":\"ServiceUnavailable\"}}"));
			// "At once" means without waiting out Retry-After, so the one-time costs of a fresh context
			// (the issuer's keys, the managed-identity token) are paid before the clock starts: on a
			// busy machine they alone took over a second.
			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-warm", fixture("workspace-list-keys-all-fields.json"));
			assertThat(http.get(WORKSPACES + "ws-warm/keys", reader()).status()).isEqualTo(200);
			AzureStandIn.server().resetRequests();

			Http.Response response = http.get(WORKSPACES + "ws-later/keys", reader());

			// Had it waited out Retry-After (10 s at most), the 3 s deadline would have answered 504;
			// had it retried, Azure would have seen a second call.
			assertThat(response.status()).isEqualTo(503);
			assertThat(response.header("Retry-After")).hasValue("30");
			assertThat(AzureStandIn.armCalls()).isEqualTo(1);
		}

		@Test
		void neverOnClientErrors() {
			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-403", AzureStandIn.armError(403, "arm-error-authorization-failed.json"));

			assertThat(http.get(WORKSPACES + "ws-403/keys", reader()).status()).isEqualTo(502);
			assertThat(AzureStandIn.armCalls()).isEqualTo(1);
		}

		@Test
		void aHangingArmIsAGatewayTimeoutWellInsideTheDeadline() {
			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-hang",
					fixture("workspace-list-keys-all-fields.json").withFixedDelay(60_000));

			Http.Response response = http.get(WORKSPACES + "ws-hang/keys", reader());

			// A 60 s delay answered 504: the attempts' and the call's time limits cut it.
			assertThat(response.status()).isEqualTo(504);
			assertThat(response.json().get("code").asString()).isEqualTo("UpstreamTimeout");
		}

		@Test
		void aResetConnectionIsRetriedThenUnavailableAndTheBrokerStaysHealthy() {
			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

			assertThat(http.get(WORKSPACES + "ws-reset/keys", reader()).status()).isEqualTo(503);
			assertThat(AzureStandIn.armCalls()).isEqualTo(3);

			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-fine", fixture("workspace-list-keys-all-fields.json"));
			assertThat(http.get(WORKSPACES + "ws-fine/keys", reader()).status()).isEqualTo(200);
		}

	}

	@Nested
	class Quotas {

		@Test
		void theRequestAfterTheLimitIsRefusedAndAnotherTeamIsUnaffected() {
			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-q", fixture("workspace-list-keys-all-fields.json"));
			String tight = token("tight");
			for (int i = 0; i < 3; i++) {
				assertThat(http.get(WORKSPACES + "ws-q/keys", tight).status()).isEqualTo(200);
			}
			int calls = AzureStandIn.armCalls();

			Http.Response refused = http.get(WORKSPACES + "ws-q/keys", tight);

			assertThat(refused.status()).isEqualTo(429);
			assertThat(refused.json().get("code").asString()).isEqualTo("QuotaExceeded");
			assertThat(refused.json().get("team").asString()).isEqualTo("tight");
			assertThat(Long.parseLong(refused.header("Retry-After").orElseThrow())).isBetween(1L, 61L);
			assertThat(AzureStandIn.armCalls()).isEqualTo(calls);
			assertThat(http.get(WORKSPACES + "ws-q/keys", token("roomy")).status()).isEqualTo(200);
		}

		@Test
		void aCallerInSeveralTeamsIsChargedToTheTeamWhoseGrantAuthorised() {
			AzureStandIn.stubWorkspaceKeys("rg-res", "ws-q2", fixture("workspace-list-keys-all-fields.json"));
			AzureStandIn.stubWorkspaceKeys("rg-narrow", "ws-q2", fixture("workspace-list-keys-all-fields.json"));
			String both = TestIssuer.token(TestIssuer.TRUSTED, "svc-both", Map.of("roles", List.of("narrow", "roomy")));

			// Only roomy's grant covers rg-res: narrow's one request a minute is not spent there.
			for (int i = 0; i < 3; i++) {
				assertThat(http.get(WORKSPACES + "ws-q2/keys", both).status()).isEqualTo(200);
			}
			String narrow = WORKSPACES.replace("rg-res", "rg-narrow") + "ws-q2/keys";
			assertThat(http.get(narrow, both).status()).isEqualTo(200);
			Http.Response refused = http.get(narrow, both);
			assertThat(refused.status()).isEqualTo(429);
			assertThat(refused.json().get("team").asString()).isEqualTo("narrow");
		}

		@Test
		void theDryRunIsChargedLikeTheKeysEndpoints() {
			String dry = token("dry");
			String decision = "/api/v1/policy/decision?resourceId=/subscriptions/" + SUBSCRIPTION
					+ "/resourceGroups/rg-res/providers/Microsoft.MachineLearningServices/workspaces/ws-dry&fields=**";
			assertThat(http.get(decision, dry).status()).isEqualTo(200);
			assertThat(http.get(decision, dry).status()).isEqualTo(200);

			Http.Response refused = http.get(decision, dry);

			assertThat(refused.status()).isEqualTo(429);
			assertThat(refused.json().get("code").asString()).isEqualTo("QuotaExceeded");
			assertThat(refused.json().get("team").asString()).isEqualTo("dry");
			assertThat(http.get(WORKSPACES + "ws-dry/keys", dry).status()).isEqualTo(429);
			assertThat(AzureStandIn.armCalls()).isZero();
			// Audited and measured as a refusal charged to the team, like a keys request's.
			assertThat(meters.get("broker.requests")
				.tags("operation", "policy.decision", "team", "dry", "outcome", "quota")
				.timer()
				.count()).isEqualTo(1);
		}

		@Test
		void theQuotaIsChargedBeforeTheFieldsAreDecided() {
			String early = token("early");

			// Refused for what it asks to reveal, after its team was charged for it.
			Http.Response revealRefused = http.get(WORKSPACES + "ws-early/keys?reveal=userStorageKey", early);
			assertThat(revealRefused.status()).isEqualTo(403);
			assertThat(revealRefused.json().get("code").asString()).isEqualTo("RevealDenied");

			// Over the quota, the same request costs no decision: 429, not 403.
			Http.Response refused = http.get(WORKSPACES + "ws-early/keys?reveal=userStorageKey", early);
			assertThat(refused.status()).isEqualTo(429);
			assertThat(refused.json().get("team").asString()).isEqualTo("early");
			assertThat(http.get(WORKSPACES + "ws-early/keys", early).status()).isEqualTo(429);
			assertThat(AzureStandIn.armCalls()).isZero();
		}

	}

	private static MappingBuilder listKeys(String workspace) {
		return ArmStubs.listKeys(AzureStandIn.workspacePath("rg-res", workspace),
				AzureStandIn.WORKSPACES_API_VERSION, AzureStandIn.MANAGED_IDENTITY_TOKEN);
	}

	private static String storageKeyFingerprint(Http.Response response) {
		return response.json().get("secrets").get("userStorageKey").get("fingerprint").asString();
	}

	private CircuitBreaker circuitBreaker() {
		return this.circuitBreakers.circuitBreaker("arm");
	}

	private static String reader() {
		return token("readers");
	}

	private static String token(String role) {
		return TestIssuer.token(TestIssuer.TRUSTED, "svc-" + role, Map.of("roles", List.of(role)));
	}

}
