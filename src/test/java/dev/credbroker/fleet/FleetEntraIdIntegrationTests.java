package dev.credbroker.fleet;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.Eventually;
import dev.credbroker.support.FleetBrokers;
import dev.credbroker.support.RedisServer;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.KillArgs;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.credbroker.support.AzureStandIn.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker in fleet mode authenticating to Redis with its identity's Entra ID token
 * ({@code broker.fleet.entra-id.enabled}), as FleetConfiguration wires it: the identity's object id
 * is the user name, the token the password. Redis cannot check Entra ID tokens; an ACL user whose
 * passwords are the tokens the managed-identity stand-in hands out stands in for Azure's check.
 * The broker's first token is short-lived: it is renewed, and once the first token no longer
 * opens Redis, connections the broker makes again (Azure drops a connection whose token expired;
 * here Redis kills them) get in with the new one.
 */
class FleetEntraIdIntegrationTests {

	private static final String OBJECT_ID = "22222222-3333-4444-8555-666666666666";

	private static final String CLIENT_ID = UUID.randomUUID().toString();

	private static final String FIRST = "redis-token-first-" + UUID.randomUUID();

	private static final String SECOND = "redis-token-second-" + UUID.randomUUID();

	private static RedisServer redis;

	private static FleetBrokers broker;

	@BeforeAll
	static void start() {
		AzureStandIn.reset();
		RedisTokens.stub(CLIENT_ID, RedisTokens.token(FIRST, EntraIdCredentials.RENEW_BEFORE.plusSeconds(5)),
				RedisTokens.token(SECOND, Duration.ofHours(1)));
		redis = RedisServer.start();
		try (RedisServer.Connection admin = redis.connect()) {
			admin.commands()
				.aclSetuser(OBJECT_ID, AclSetuserArgs.Builder.on().addPassword(FIRST).addPassword(SECOND).allKeys()
					.allChannels().allCommands());
		}
		// The broker's identity, user-assigned: its ARM token is the stand-in's usual one, its Redis token the above.
		broker = FleetBrokers.start(1, redis,
				Map.of("broker.fleet.entra-id.enabled", "true", "broker.fleet.entra-id.username", OBJECT_ID,
						"spring.cloud.azure.credential.client-id", CLIENT_ID, "spring.data.redis.password", ""));
	}

	@AfterAll
	static void stop() {
		FleetBrokers.closeAll(broker, redis);
	}

	@Test
	void theBrokerRenewsItsTokenAndConnectsAgainWithTheNewOne() {
		try (RedisServer.Connection admin = redis.connect()) {
			RedisCommands<byte[], byte[]> commands = admin.commands();
			assertThat(broker.degraded(0)).isZero();
			assertThat(clients(commands)).as("the broker's commands and notifications, as its identity's object id")
				.hasSizeGreaterThanOrEqualTo(2);

			Eventually.value("the token renewed", Duration.ofSeconds(60), () -> RedisTokens.requests(CLIENT_ID),
					(requests) -> requests >= 2);
			// From now on only the new token opens Redis; the broker's connections are dropped.
			commands.aclSetuser(OBJECT_ID, AclSetuserArgs.Builder.removePassword(FIRST));
			commands.aclLogReset();
			long killed = commands.clientKill(KillArgs.Builder.user(OBJECT_ID));
			assertThat(killed).isPositive();

			Eventually.value("the broker connected again", Duration.ofSeconds(30), () -> clients(commands),
					(clients) -> clients.size() >= 2 && broker.degraded(0) == 0);
			assertThat(commands.aclLog()).as("no AUTH refused: it presented the new token").isEmpty();

			Workspaces workspaces = Workspaces.fresh();
			workspaces.stub("ws-entra", fixture("workspace-list-keys-all-fields.json"));
			Workspaces.fingerprint(broker.http(0).get(workspaces.keys("ws-entra"), Workspaces.token("readers")));
			Eventually.until("the answer shared in Redis", () -> commands
				.keys("credential-broker:entry:*".getBytes(StandardCharsets.UTF_8))
				.stream()
				.anyMatch((key) -> new String(key, StandardCharsets.UTF_8)
					.contains(workspaces.resource("ws-entra").toLowerCase())));
			assertThat(broker.degraded(0)).isZero();
		}
	}

	/** The broker's connections, as Redis lists them (the test's own connection is the default user's). */
	private static List<String> clients(RedisCommands<byte[], byte[]> commands) {
		return commands.clientList()
			.lines()
			.filter((line) -> line.contains("user=" + OBJECT_ID))
			.toList();
	}

}
