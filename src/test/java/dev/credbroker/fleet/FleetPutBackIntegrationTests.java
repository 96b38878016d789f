package dev.credbroker.fleet;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An entry put back in Redis after its resource's eviction, by someone who can write to Redis but
 * holds no key, once the broker has forgotten the eviction: a broker keeps answers for a second
 * here, and remembers an eviction as long. An endpoint's token is fresh until its refresh time,
 * however long ago Azure gave it; the fleet never keeps one longer than it keeps any answer, so
 * an older one in Redis was put back there.
 */
class FleetPutBackIntegrationTests {

	private static RedisServer redis;

	private static FleetBrokers broker;

	@BeforeAll
	static void start() {
		AzureStandIn.reset();
		redis = RedisServer.start();
		broker = FleetBrokers.start(1, redis,
				Map.of("broker.cache.ttl", "1s", "broker.cache.max-stale", "1s", "broker.cache.negative-ttl", "1s"));
	}

	@AfterAll
	static void stop() {
		FleetBrokers.closeAll(broker, redis);
	}

	@Test
	void aTokenPutBackAfterItsEvictionIsForgottenIsNotServed() throws InterruptedException {
		Workspaces workspaces = Workspaces.fresh();
		String endpoint = ArmStubs.belowWorkspace(workspaces.subscription(), Workspaces.RESOURCE_GROUP, "ws-ep",
				SecretKinds.ONLINE_ENDPOINT.path().get(3).keyword(), "ep-put-back");
		String url = "/api/v1" + endpoint.replace("/providers/Microsoft.MachineLearningServices", "")
				+ "/token?reveal=token.accessToken";
		String reader = Workspaces.token("readers");
		long inADay = Instant.now().plus(Duration.ofDays(1)).getEpochSecond();
		stubToken(workspaces, "tok-before-0001", inADay);
		assertThat(accessToken(broker.http(0).get(url, reader))).isEqualTo("tok-before-0001");
		byte[] key = ("credential-broker:entry:" + SecretKinds.ONLINE_ENDPOINT_TOKEN.name() + ":"
				+ endpoint.toLowerCase()).getBytes(StandardCharsets.UTF_8);
		byte[] copied;
		try (RedisServer.Connection connection = redis.connect()) {
			copied = connection.commands().get(key);
		}
		assertThat(copied).isNotNull();
		stubToken(workspaces, "tok-after-0001", inADay);
		assertThat(broker.http(0)
			.post("/api/v1/cache/evictions", "{\"resourceId\":\"" + endpoint + "\"}", reader)
			.status()).isEqualTo(200);
		// Past the second the broker remembers the eviction, and the second it allows around one.
		Thread.sleep(2500);
		try (RedisServer.Connection connection = redis.connect()) {
			connection.commands().set(key, copied);
		}

		String served = accessToken(broker.http(0).get(url, reader));

		assertThat(served).isEqualTo("tok-after-0001");
		assertThat(AzureStandIn.armCalls()).isEqualTo(2);
	}

	private static void stubToken(Workspaces workspaces, String token, long times) {
		AzureStandIn.server()
			.stubFor(ArmStubs
				.secrets(SecretKinds.ONLINE_ENDPOINT_TOKEN, workspaces.resource("ws-ep"), "ep-put-back",
						AzureStandIn.MANAGED_IDENTITY_TOKEN)
				.willReturn(okJson("{\"accessToken\":\"" + token + "\",\"tokenType\":\"Bearer\",\"expiryTimeUtc\":"
						+ times + ",\"refreshAfterTimeUtc\":" + times + "}")));
	}

	private static String accessToken(Http.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json().get("secrets").get("token.accessToken").get("value").asString();
	}

}
