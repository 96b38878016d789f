package dev.credbroker.fleet;

import java.util.Map;

import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.FleetBrokers;
import dev.credbroker.support.Http;
import dev.credbroker.support.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.credbroker.support.AzureStandIn.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Azure refuses the broker a resource's keys (403: its role assignment was removed) after the
 * fleet shared them: what Redis still holds must not be served, not even stale when Azure is down
 * next. A broker here keeps an answer fresh for a second and stale for an hour.
 */
class FleetWithdrawalIntegrationTests {

	private static RedisServer redis;

	private static FleetBrokers broker;

	@BeforeAll
	static void start() {
		AzureStandIn.reset();
		redis = RedisServer.start();
		broker = FleetBrokers.start(1, redis, Map.of("broker.cache.ttl", "1s", "broker.cache.max-stale", "1h"));
	}

	@AfterAll
	static void stop() {
		FleetBrokers.closeAll(broker, redis);
	}

	@Test
	void keysAzureNoLongerGivesTheBrokerAreNotServedStaleWhenAzureFailsNext() throws InterruptedException {
		Workspaces workspaces = Workspaces.fresh();
		String reader = Workspaces.token("readers");
		workspaces.stub("ws-revoked", fixture("workspace-list-keys-all-fields.json"));
		assertThat(broker.http(0).get(workspaces.keys("ws-revoked"), reader).status()).isEqualTo(200);
		// No longer fresh: the next request asks Azure, and may keep the fleet's entry for a stale answer.
		Thread.sleep(1200);
		workspaces.stub("ws-revoked", AzureStandIn.armError(403, "arm-error-authorization-failed.json"));
		assertThat(broker.http(0).get(workspaces.keys("ws-revoked"), reader).status()).isEqualTo(502);
		workspaces.stub("ws-revoked", aResponse().withStatus(503));

		Http.Response next = broker.http(0).get(workspaces.keys("ws-revoked"), reader);

		assertThat(next.status()).as(next.body()).isEqualTo(503);
	}

}
