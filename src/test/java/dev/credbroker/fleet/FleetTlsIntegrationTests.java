package dev.credbroker.fleet;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.Eventually;
import dev.credbroker.support.FleetBrokers;
import dev.credbroker.support.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.credbroker.support.AzureStandIn.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fleet mode over TLS, as on Azure Cache for Redis (port 6380): a real redis-server that speaks
 * TLS only, its certificate signed by an authority made for the test. Brokers given that authority
 * in an SSL bundle share the fleet through it; a broker that does not trust it never talks to that
 * Redis, and serves alone.
 */
class FleetTlsIntegrationTests {

	private static RedisServer redis;

	private static FleetBrokers trusting;

	private static FleetBrokers untrusting;

	private Workspaces workspaces;

	@BeforeAll
	static void start() {
		redis = RedisServer.startTls();
		trusting = FleetBrokers.start(2, redis,
				Map.of("spring.data.redis.ssl.enabled", "true", "spring.data.redis.ssl.bundle", "fleet-redis",
						"spring.ssl.bundle.pem.fleet-redis.truststore.certificate", "file:" + redis.caCertificate()));
		// TLS, but trusting only the JDK's authorities: the handshake fails.
		untrusting = FleetBrokers.start(1, redis, Map.of("spring.data.redis.ssl.enabled", "true"));
	}

	@AfterAll
	static void stop() {
		FleetBrokers.closeAll(untrusting, trusting, redis);
	}

	@BeforeEach
	void reset() {
		AzureStandIn.reset();
		this.workspaces = Workspaces.fresh();
	}

	@Test
	void brokersThatTrustTheRedisAuthorityShareOneAnswerOverTls() {
		this.workspaces.stub("ws-tls", fixture("workspace-list-keys-all-fields.json"));
		String reader = Workspaces.token("readers");

		String first = Workspaces.fingerprint(trusting.http(0).get(this.workspaces.keys("ws-tls"), reader));
		String second = Workspaces.fingerprint(trusting.http(1).get(this.workspaces.keys("ws-tls"), reader));

		assertThat(second).isEqualTo(first);
		assertThat(AzureStandIn.armCalls()).as("one call for the fleet").isEqualTo(1);
		assertThat(trusting.degraded(0)).isZero();
		assertThat(trusting.degraded(1)).isZero();
		try (RedisServer.Connection connection = redis.connect()) {
			List<String> entries = connection.commands()
				.keys("credential-broker:entry:*".getBytes(StandardCharsets.UTF_8))
				.stream()
				.map((key) -> new String(key, StandardCharsets.UTF_8))
				.toList();
			assertThat(entries).as("the shared entry, in the Redis that speaks TLS only")
				.anySatisfy((key) -> assertThat(key).contains(this.workspaces.resource("ws-tls").toLowerCase()));
		}
	}

	@Test
	void aBrokerThatDoesNotTrustTheRedisAuthorityServesAlone() {
		this.workspaces.stub("ws-alone", fixture("workspace-list-keys-all-fields.json"));
		String reader = Workspaces.token("readers");
		String shared = Workspaces.fingerprint(trusting.http(0).get(this.workspaces.keys("ws-alone"), reader));

		Eventually.until("the untrusting broker degraded", () -> untrusting.degraded(0) == 1);
		String alone = Workspaces.fingerprint(untrusting.http(0).get(this.workspaces.keys("ws-alone"), reader));

		assertThat(alone).isEqualTo(shared);
		assertThat(AzureStandIn.armCalls()).as("the fleet's answer out of its reach: it asked Azure itself")
			.isEqualTo(2);
		assertThat(untrusting.degraded(0)).as("still alone").isOne();
		assertThat(untrusting.management(0).get("/actuator/health/readiness").status()).as("ready").isEqualTo(200);
	}

}
