package dev.credbroker.fleet;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.credbroker.crypto.SealingKeys;
import dev.credbroker.secrets.SecretKind;
import dev.credbroker.secrets.SecretKinds;
import dev.credbroker.support.ArmStubs;
import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.Eventually;
import dev.credbroker.support.FleetBrokers;
import dev.credbroker.support.Http;
import dev.credbroker.support.RedisServer;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static dev.credbroker.support.AzureStandIn.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two brokers in fleet mode on one real Redis (with a password) and one Azure stand-in: they act as
 * one broker. Each test has a subscription of its own, so that budgets and entries never meet.
 */
class FleetIntegrationTests {

	/** A budget of 6 listKeys per subscription for the fleet, hardly refilled, no waiting. */
	private static final int BUDGET = 6;

	private static RedisServer redis;

	private static FleetBrokers brokers;

	private Workspaces workspaces;

	@BeforeAll
	static void start() {
		redis = RedisServer.start();
		brokers = FleetBrokers.start(2, redis, Map.of("broker.arm.budget.rate-per-second", "0.001",
				"broker.arm.budget.burst", Integer.toString(BUDGET), "broker.arm.budget.max-wait", "0s"));
	}

	@AfterAll
	static void stop() {
		FleetBrokers.closeAll(brokers, redis);
	}

	@BeforeEach
	void reset() {
		AzureStandIn.reset();
		this.workspaces = Workspaces.fresh();
	}

	@Test
	void twoHundredConcurrentColdRequestsOverBothBrokersMakeOneArmCall() throws Exception {
		this.workspaces.stub("ws-cold", fixture("workspace-list-keys-all-fields.json").withFixedDelay(1000));
		String token = Workspaces.token("readers");
		Http[] clients = { brokers.http(0), brokers.http(1) };
		int n = 200;
		ExecutorService pool = Executors.newFixedThreadPool(n);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Http.Response>> responses = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				Http client = clients[i % 2];
				responses.add(pool.submit(() -> {
					start.await();
					return client.get(this.workspaces.keys("ws-cold"), token);
				}));
			}
			start.countDown();
			for (Future<Http.Response> response : responses) {
				assertThat(response.get().status()).isEqualTo(200);
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(AzureStandIn.armCalls()).isEqualTo(1);
		// Served from each broker's memory from now on, with the same answer.
		assertThat(Workspaces.fingerprint(clients[0].get(this.workspaces.keys("ws-cold"), token)))
			.isEqualTo(Workspaces.fingerprint(clients[1].get(this.workspaces.keys("ws-cold"), token)));
		assertThat(AzureStandIn.armCalls()).isEqualTo(1);
	}

	@Test
	void anEvictionOnOneBrokerIsSeenByTheOtherWithinASecond() {
		this.workspaces.stub("ws-rot", fixture("workspace-list-keys-all-fields.json"));
		String reader = Workspaces.token("readers");
		String before = Workspaces.fingerprint(brokers.http(0).get(this.workspaces.keys("ws-rot"), reader));
		assertThat(Workspaces.fingerprint(brokers.http(1).get(this.workspaces.keys("ws-rot"), reader)))
			.isEqualTo(before);
		assertThat(AzureStandIn.armCalls()).isEqualTo(1);
		this.workspaces.stub("ws-rot", fixture("workspace-list-keys-rotated.json"));

		long evictedAt = System.nanoTime();
		Http.Response evicted = brokers.http(0)
			.post("/api/v1/cache/evictions", "{\"resourceId\":\"" + this.workspaces.resource("ws-rot") + "\"}", reader);
		assertThat(evicted.json().get("evicted").asBoolean()).isTrue();

		String after = Eventually.value("the other broker serving the rotated key",
				() -> Workspaces.fingerprint(brokers.http(1).get(this.workspaces.keys("ws-rot"), reader)),
				(seen) -> !seen.equals(before));
		assertThat(Duration.ofNanos(System.nanoTime() - evictedAt)).isLessThan(Duration.ofSeconds(1));
		assertThat(Workspaces.fingerprint(brokers.http(0).get(this.workspaces.keys("ws-rot"), reader))).isEqualTo(after);
		assertThat(AzureStandIn.armCalls()).as("one call for the fleet after the eviction").isEqualTo(2);
	}

	@Test
	void aCallToAzureUnderWayWhenTheCacheIsEvictedSharesNothingWhenTheSameBrokerAsksAgain() throws Exception {
		String reader = Workspaces.token("readers");
		String keys = this.workspaces.keys("ws-race");
		// Before the rotation Azure answers after 1 s; after it, after 3 s: the first call's answer
		// comes while the second call, from the same broker, holds the fleet's lock.
		this.workspaces.stub("ws-race", fixture("workspace-list-keys-all-fields.json").withFixedDelay(1000));
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			Future<Http.Response> before = pool.submit(() -> brokers.http(0).get(keys, reader));
			Eventually.until("the first call to Azure under way", () -> AzureStandIn.armCalls() == 1);
			this.workspaces.stub("ws-race", fixture("workspace-list-keys-rotated.json").withFixedDelay(3000));
			assertThat(brokers.http(0)
				.post("/api/v1/cache/evictions", "{\"resourceId\":\"" + this.workspaces.resource("ws-race") + "\"}",
						reader)
				.status()).isEqualTo(200);
			Future<Http.Response> after = pool.submit(() -> brokers.http(0).get(keys, reader));
			Eventually.until("the second call to Azure under way", () -> AzureStandIn.armCalls() == 2);

			String old = Workspaces.fingerprint(before.get(30, TimeUnit.SECONDS));
			String rotated = Workspaces.fingerprint(after.get(30, TimeUnit.SECONDS));

			assertThat(rotated).isNotEqualTo(old);
			// The other broker holds nothing in memory: it serves what the fleet shares.
			assertThat(Workspaces.fingerprint(brokers.http(1).get(keys, reader))).isEqualTo(rotated);
			assertThat(AzureStandIn.armCalls()).isEqualTo(2);
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * Someone who can write to Redis, without the keys, copies an entry and puts it back after the
	 * resource was evicted for a key rotation: sealed as it was, it opens, and passed for Azure's
	 * answer, fresh, with the keys from before the rotation.
	 */
	@Test
	void anEntryPutBackAfterItsEvictionIsNotServed() throws InterruptedException {
		this.workspaces.stub("ws-replay", fixture("workspace-list-keys-all-fields.json"));
		String reader = Workspaces.token("readers");
		String old = Workspaces.fingerprint(brokers.http(0).get(this.workspaces.keys("ws-replay"), reader));
		byte[] copied;
		try (RedisServer.Connection connection = redis.connect()) {
			copied = connection.commands().get(entryKey("ws-replay"));
		}
		assertThat(copied).isNotNull();
		// Past the second that the brokers allow an answer given about when they heard of an
		// eviction (secrets.Evictions.MARGIN).
		Thread.sleep(1200);
		this.workspaces.stub("ws-replay", fixture("workspace-list-keys-rotated.json"));
		assertThat(brokers.http(1)
			.post("/api/v1/cache/evictions", "{\"resourceId\":\"" + this.workspaces.resource("ws-replay") + "\"}",
					reader)
			.json()
			.get("evicted")
			.asBoolean()).isTrue();
		try (RedisServer.Connection connection = redis.connect()) {
			connection.commands().set(entryKey("ws-replay"), copied);
		}

		// The broker that evicted never held it in memory: it reads the entry put back, and asks Azure.
		String served = Workspaces.fingerprint(brokers.http(1).get(this.workspaces.keys("ws-replay"), reader));

		assertThat(served).isNotEqualTo(old);
		assertThat(AzureStandIn.armCalls()).isEqualTo(2);
	}

	/**
	 * Someone who can publish on Redis, without the keys, says that a resource was evicted: the
	 * brokers would drop their copies and remember an eviction, refuse the fleet's entry and ask
	 * Azure again; in numbers, such notifications would push real evictions out of their memory.
	 */
	@Test
	void aNotificationNotSealedUnderTheFleetsKeysIsIgnored() throws InterruptedException {
		this.workspaces.stub("ws-told", fixture("workspace-list-keys-all-fields.json"));
		String reader = Workspaces.token("readers");
		String served = Workspaces.fingerprint(brokers.http(0).get(this.workspaces.keys("ws-told"), reader));
		// Past the second that the brokers allow an answer given about when they heard of an
		// eviction (secrets.Evictions.MARGIN): an eviction heard now would refuse the fleet's entry.
		Thread.sleep(1200);
		String key = "workspace:" + this.workspaces.resource("ws-told").toLowerCase();
		byte[] unknown = new byte[32];
		new SecureRandom().nextBytes(unknown);
		double[] malformed = { brokers.notificationsRefused(0, "malformed"), brokers.notificationsRefused(1, "malformed") };
		double[] unknownKey = { brokers.notificationsRefused(0, "unknown-key"),
				brokers.notificationsRefused(1, "unknown-key") };

		try (RedisServer.Connection connection = redis.connect()) {
			// As brokers of earlier builds published it, and sealed under a key the fleet does not have.
			publish(connection, "evicted " + key);
			publish(connection, new Notifications(new SealingKeys(unknown, null), Clock.systemUTC(),
					"credential-broker:events")
				.encode(Fleet.Event.EVICTED, key));
		}
		for (int broker = 0; broker < 2; broker++) {
			int index = broker;
			Eventually.until("both messages refused by broker " + broker,
					() -> brokers.notificationsRefused(index, "malformed") == malformed[index] + 1
							&& brokers.notificationsRefused(index, "unknown-key") == unknownKey[index] + 1);
		}

		assertThat(Workspaces.fingerprint(brokers.http(1).get(this.workspaces.keys("ws-told"), reader)))
			.isEqualTo(served);
		assertThat(Workspaces.fingerprint(brokers.http(0).get(this.workspaces.keys("ws-told"), reader)))
			.isEqualTo(served);
		assertThat(AzureStandIn.armCalls()).isEqualTo(1);
	}

	private static void publish(RedisServer.Connection connection, String message) {
		connection.commands()
			.publish("credential-broker:events".getBytes(StandardCharsets.UTF_8),
					message.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void theArmBudgetIsTheFleetsNotEachBrokers() {
		String reader = Workspaces.token("readers");
		int served = 0;
		int heldBack = 0;
		for (int i = 0; i < 2 * BUDGET; i++) {
			this.workspaces.stub("ws-b" + i, fixture("workspace-list-keys-all-fields.json"));
			Http.Response response = brokers.http(i % 2).get(this.workspaces.keys("ws-b" + i), reader);
			if (response.status() == 200) {
				served++;
			}
			else {
				assertThat(response.status()).isEqualTo(503);
				assertThat(response.json().get("heldBack").asString()).isEqualTo("budget-spent");
				heldBack++;
			}
		}

		assertThat(served).isEqualTo(BUDGET);
		assertThat(heldBack).isEqualTo(BUDGET);
		assertThat(AzureStandIn.armCalls()).isEqualTo(BUDGET);
	}

	@Test
	void aTeamsQuotaIsTheFleetsNotEachBrokers() {
		this.workspaces.stub("ws-q", fixture("workspace-list-keys-all-fields.json"));
		String tight = Workspaces.token("tight");
		long start = System.nanoTime();
		int served = 0;
		for (int i = 0; i < 8; i++) {
			int status = brokers.http(i % 2).get(this.workspaces.keys("ws-q"), tight).status();
			assertThat(status).isIn(200, 429);
			served += (status == 200) ? 1 : 0;
		}

		// Three a minute: one more every 20 s, should the loop have taken that long.
		long refilled = Duration.ofNanos(System.nanoTime() - start).toSeconds() / 20;
		assertThat(served).isBetween(3, 3 + (int) refilled);
	}

	@Test
	void redisHoldsNoSecretNoTokenAndNoKeyInClear() {
		this.workspaces.stub("ws-scan", fixture("workspace-list-keys-all-fields.json"));
		String reader = Workspaces.token("readers");
		for (int i = 0; i < 2; i++) {
			assertThat(brokers.http(i).get(this.workspaces.keys("ws-scan") + "?reveal=**", reader).revealedValues())
				.isNotEmpty();
		}
		this.workspaces.stub("ws-404", AzureStandIn.armError(404, "arm-error-not-found.json"));
		brokers.http(0).get(this.workspaces.keys("ws-404"), reader);
		brokers.http(0).get(this.workspaces.keys("ws-scan"), Workspaces.token("counted"));
		stubBelow(SecretKinds.CONNECTION, "aoai-scan", fixture("connection-list-secrets-api-key.json"));
		stubBelow(SecretKinds.DATASTORE, "ds-scan", fixture("datastore-list-secrets-sas.json"));
		for (String resource : List.of(below(SecretKinds.CONNECTION, "aoai-scan") + "/secrets",
				below(SecretKinds.DATASTORE, "ds-scan") + "/secrets")) {
			assertThat(brokers.http(0).get(api(resource) + "?reveal=**", reader).revealedValues()).isNotEmpty();
		}

		List<String> forbidden = List.of("sk-WORKSPACE-storage-key-0001==", "acr-PASSWORD-one-0001/abc=",
				"acr-PASSWORD-two-0002/def=", "nb-PRIMARY-access-key-0001", "nb-SECONDARY-access-key-0002",
				"11111111-2222-3333-4444-555555555555", "alpharegistry", AzureStandIn.MANAGED_IDENTITY_TOKEN,
				RedisServer.PASSWORD, brokers.encryptionKeyText(), FleetBrokers.FINGERPRINT_KEY, reader,
				"cn-API-KEY-0001-0123456789abcdef", "aoai-prod.openai.azure.com", "ds-SAS-SIGNATURE-0001");
		try (RedisServer.Connection connection = redis.connect()) {
			RedisCommands<byte[], byte[]> commands = connection.commands();
			List<String> everything = new ArrayList<>();
			ScanCursor cursor = ScanCursor.INITIAL;
			do {
				KeyScanCursor<byte[]> page = commands.scan(cursor, ScanArgs.Builder.limit(100));
				for (byte[] key : page.getKeys()) {
					everything.add(new String(key, StandardCharsets.ISO_8859_1));
					if ("string".equals(commands.type(key))) {
						everything.add(new String(commands.get(key), StandardCharsets.ISO_8859_1));
					}
				}
				cursor = page;
			}
			while (!cursor.isFinished());

			assertThat(everything).as("keys and values").hasSizeGreaterThan(4);
			assertThat(String.join("\n", everything)).contains("credential-broker:entry:workspace:")
				.contains("credential-broker:entry:connection:")
				.contains("credential-broker:entry:datastore:")
				.contains("credential-broker:bucket:")
				.doesNotContain(forbidden);
		}
	}

	@Test
	void anEntryMovedUnderAnotherResourcesKeyIsRefusedAndFetchedAgain() {
		this.workspaces.stub("ws-from", fixture("workspace-list-keys-rotated.json"));
		this.workspaces.stub("ws-to", fixture("workspace-list-keys-all-fields.json"));
		String reader = Workspaces.token("readers");
		String to = Workspaces.fingerprint(brokers.http(0).get(this.workspaces.keys("ws-to"), reader));
		String from = Workspaces.fingerprint(brokers.http(0).get(this.workspaces.keys("ws-from"), reader));
		assertThat(from).isNotEqualTo(to);
		try (RedisServer.Connection connection = redis.connect()) {
			RedisCommands<byte[], byte[]> commands = connection.commands();
			commands.set(entryKey("ws-to"), commands.get(entryKey("ws-from")));
		}

		// The other broker never held ws-to in memory: it reads the moved entry, refuses it, asks Azure.
		double refusedBefore = brokers.refused(1, "not-authentic");
		assertThat(Workspaces.fingerprint(brokers.http(1).get(this.workspaces.keys("ws-to"), reader))).isEqualTo(to);
		assertThat(AzureStandIn.armCalls()).isEqualTo(3);
		assertThat(brokers.refused(1, "not-authentic")).isEqualTo(refusedBefore + 1);
	}

	@Test
	void anEntrySealedUnderAnUnknownKeyIsRefusedAndFetchedAgain() {
		this.workspaces.stub("ws-foreign", fixture("workspace-list-keys-all-fields.json"));
		String reader = Workspaces.token("readers");
		String key = "workspace:" + this.workspaces.resource("ws-foreign").toLowerCase();
		byte[] unknown = new byte[32];
		new SecureRandom().nextBytes(unknown);
		byte[] sealed = new SealingKeys(unknown, null).seal("made up".getBytes(StandardCharsets.UTF_8),
				("credential-broker/fleet-entry/v2\n" + key).getBytes(StandardCharsets.UTF_8));
		try (RedisServer.Connection connection = redis.connect()) {
			connection.commands().set(entryKey("ws-foreign"), sealed);
			double refusedBefore = brokers.refused(0, "unknown-key");

			Http.Response response = brokers.http(0).get(this.workspaces.keys("ws-foreign"), reader);

			assertThat(response.status()).isEqualTo(200);
			assertThat(AzureStandIn.armCalls()).isEqualTo(1);
			assertThat(brokers.refused(0, "unknown-key")).isEqualTo(refusedBefore + 1);
			assertThat(connection.commands().get(entryKey("ws-foreign"))).as("replaced by the fleet's own")
				.isNotEqualTo(sealed);
		}
	}

	@Test
	void anEntryMovedUnderAnotherKindsKeyIsRefusedAndFetchedAgain() {
		String endpoint = endpoint("ep-moved");
		stubBelow(SecretKinds.ONLINE_ENDPOINT, "ep-moved",
				okJson("{\"primaryKey\":\"pk-moved-0001\",\"secondaryKey\":\"sk-moved-0001\"}"));
		stubBelow(SecretKinds.ONLINE_ENDPOINT_TOKEN, "ep-moved", okJson(
				"{\"accessToken\":\"tok-moved-0001\",\"tokenType\":\"Bearer\",\"expiryTimeUtc\":0,\"refreshAfterTimeUtc\":0}"));
		String reader = Workspaces.token("readers");
		assertThat(brokers.http(0).get(api(endpoint) + "/keys", reader).status()).isEqualTo(200);
		try (RedisServer.Connection connection = redis.connect()) {
			RedisCommands<byte[], byte[]> commands = connection.commands();
			commands.set(entryKey(SecretKinds.ONLINE_ENDPOINT_TOKEN, endpoint),
					commands.get(entryKey(SecretKinds.ONLINE_ENDPOINT, endpoint)));
		}

		// The endpoint's keys, sealed for its keys, do not open as its token: Azure is asked for the token.
		double refusedBefore = brokers.refused(1, "not-authentic");
		Http.Response token = brokers.http(1).get(api(endpoint) + "/token?reveal=token.accessToken", reader);
		assertThat(token.status()).as(token.body()).isEqualTo(200);
		assertThat(token.json().get("kind").asString()).isEqualTo("onlineEndpointToken");
		assertThat(token.json().get("secrets").get("token.accessToken").get("value").asString())
			.isEqualTo("tok-moved-0001");
		assertThat(AzureStandIn.armCalls()).isEqualTo(2);
		assertThat(brokers.refused(1, "not-authentic")).isEqualTo(refusedBefore + 1);
	}

	/**
	 * A token in Redis is served by the fleet until its refresh time, stale (while Azure fails) until
	 * its expiry, and never after: not even when Redis still holds it, here with its expiry removed.
	 */
	@Test
	void aTokenInRedisIsNeverServedPastItsExpiry() {
		String endpoint = endpoint("ep-token");
		String reader = Workspaces.token("readers");
		// Every first time (keys, tokens, code) paid before the clock below starts.
		stubBelow(SecretKinds.ONLINE_ENDPOINT, "ep-token", okJson("{\"primaryKey\":\"pk-0001\"}"));
		for (int broker = 0; broker < 2; broker++) {
			assertThat(brokers.http(broker).get(api(endpoint) + "/keys", reader).status()).isEqualTo(200);
		}
		// Azure's times are whole seconds: start on one, so that the windows below are whole too.
		Instant now = Instant.now();
		Eventually.value("the next whole second", Instant::now, (time) -> time.getEpochSecond() > now.getEpochSecond());
		long issued = Instant.now().getEpochSecond();
		// Seconds apart, so that a loaded machine still makes each request within its window.
		Instant refreshAfter = Instant.ofEpochSecond(issued + 2);
		Instant expiry = Instant.ofEpochSecond(issued + 6);
		stubBelow(SecretKinds.ONLINE_ENDPOINT_TOKEN, "ep-token",
				okJson("{\"accessToken\":\"tok-fleet-0001\",\"tokenType\":\"Bearer\",\"expiryTimeUtc\":"
						+ expiry.getEpochSecond() + ",\"refreshAfterTimeUtc\":" + refreshAfter.getEpochSecond() + "}"));
		String url = api(endpoint) + "/token?reveal=token.accessToken";
		assertThat(brokers.http(0).get(url, reader).status()).isEqualTo(200);
		try (RedisServer.Connection connection = redis.connect()) {
			byte[] entry = entryKey(SecretKinds.ONLINE_ENDPOINT_TOKEN, endpoint);
			long untilExpiry = Duration.between(Instant.now(), expiry).toMillis();
			// Not the hour of max-stale: until the expiry, counted from when Redis set it, a few
			// milliseconds after the broker computed it; the brokers' own check covers those.
			assertThat(connection.commands().pttl(entry)).as("Redis keeps it about as long as it works")
				.isBetween(1L, untilExpiry + 250);
			assertThat(connection.commands().persist(entry)).as("the entry, still in Redis, kept there").isTrue();
		}
		stubBelow(SecretKinds.ONLINE_ENDPOINT_TOKEN, "ep-token", aResponse().withStatus(503));

		Eventually.value("the token's refresh time", Instant::now, (time) -> !time.isBefore(refreshAfter));
		Http.Response stale = brokers.http(1).get(url, reader);
		assertThat(Instant.now()).as("still before the expiry").isBefore(expiry);
		assertThat(stale.status()).as(stale.body()).isEqualTo(200);
		assertThat(stale.json().get("stale").asBoolean()).isTrue();

		Eventually.value("the token's expiry", Instant::now, (time) -> !time.isBefore(expiry));
		for (int broker = 0; broker < 2; broker++) {
			Http.Response expired = brokers.http(broker).get(url, reader);
			assertThat(expired.status()).as(expired.body()).isEqualTo(503);
			assertThat(expired.body()).doesNotContain("tok-fleet-0001");
		}
	}

	private byte[] entryKey(String workspace) {
		return entryKey(SecretKinds.WORKSPACE, this.workspaces.resource(workspace));
	}

	private static byte[] entryKey(SecretKind<?> kind, String resourceId) {
		return ("credential-broker:entry:" + kind.name() + ":" + resourceId.toLowerCase())
			.getBytes(StandardCharsets.UTF_8);
	}

	private String endpoint(String name) {
		return below(SecretKinds.ONLINE_ENDPOINT, name);
	}

	/** The ARM id of a resource of a kind below this test's workspace {@code ws-ep}. */
	private String below(SecretKind<?> kind, String name) {
		return ArmStubs.belowWorkspace(this.workspaces.subscription(), Workspaces.RESOURCE_GROUP, "ws-ep",
				kind.path().get(3).keyword(), name);
	}

	/** Azure's answer for a resource of a kind below this test's workspace {@code ws-ep}. */
	private void stubBelow(SecretKind<?> kind, String name, ResponseDefinitionBuilder response) {
		AzureStandIn.server()
			.stubFor(ArmStubs
				.secrets(kind, this.workspaces.resource("ws-ep"), name, AzureStandIn.MANAGED_IDENTITY_TOKEN)
				.willReturn(response));
	}

	/** The broker's path of a resource's secrets. */
	private static String api(String resourceId) {
		return "/api/v1" + resourceId.replace("/providers/Microsoft.MachineLearningServices", "");
	}

}
