package dev.credbroker.fleet;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import dev.credbroker.secrets.SecretKinds;
import dev.credbroker.support.ArmStubs;
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
 * What a broker that keeps answers stale for an hour (and fresh for a second) must still not
 * serve from the fleet: keys Azure no longer gives it, and a secret past the lifetime it was asked
 * to have.
 */
class FleetStaleIntegrationTests {

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

	/**
	 * Azure refuses the broker a resource's keys (403: its role assignment was removed) after the
	 * fleet shared them: what Redis still holds must not be served, not even stale when Azure is
	 * down next.
	 */
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

	/** A datastore's SAS lives an hour ({@code broker.arm.datastores.expire-after-hours}). */
	@Test
	void aDatastoreSecretAskedToExpireIsKeptNoLongerThanItLives() {
		Workspaces workspaces = Workspaces.fresh();
		String datastore = ArmStubs.belowWorkspace(workspaces.subscription(), Workspaces.RESOURCE_GROUP, "ws-ds",
				SecretKinds.DATASTORE.path().get(3).keyword(), "ds-sas");
		AzureStandIn.server()
			.stubFor(ArmStubs
				.secrets(SecretKinds.DATASTORE, workspaces.resource("ws-ds"), "ds-sas", AzureStandIn.MANAGED_IDENTITY_TOKEN)
				.willReturn(fixture("datastore-list-secrets-sas.json")));
		String url = "/api/v1" + datastore.replace("/providers/Microsoft.MachineLearningServices", "") + "/secrets";

		assertThat(broker.http(0).get(url, Workspaces.token("readers")).status()).isEqualTo(200);

		try (RedisServer.Connection connection = redis.connect()) {
			long kept = connection.commands()
				.pttl(("credential-broker:entry:" + SecretKinds.DATASTORE.name() + ":" + datastore.toLowerCase())
					.getBytes(StandardCharsets.UTF_8));
			// Not the hour of max-stale: the hour asked for, less the margin for Azure's clock.
			assertThat(Duration.ofMillis(kept)).isBetween(Duration.ofMinutes(54), Duration.ofMinutes(55));
		}
	}

}
