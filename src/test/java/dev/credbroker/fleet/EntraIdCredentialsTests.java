package dev.credbroker.fleet;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.Eventually;
import dev.credbroker.support.RedisServer;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.event.Event;
import io.lettuce.core.event.connection.ReauthenticationEvent;
import io.lettuce.core.event.connection.ReauthenticationFailedEvent;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entra ID credentials for Redis from the broker's managed identity: the azure-identity credential
 * fetches its token from the managed-identity stand-in, and a real Redis, whose ACL user is the
 * identity's object id with the token as its password, lets the connection in.
 */
class EntraIdCredentialsTests {

	private static final String OBJECT_ID = "11111111-2222-4333-8444-555555555555";

	private static final FleetProperties.EntraId ENTRA_ID = new FleetProperties.EntraId(true, OBJECT_ID,
			"https://redis.azure.com/.default");

	@Test
	void theTokenIsThePasswordAndTheObjectIdTheUserName() {
		AzureStandIn.server(); // the stand-in, started
		EntraIdCredentials credentials = new EntraIdCredentials(new ManagedIdentityCredentialBuilder().build(),
				new FleetProperties.EntraId(true, OBJECT_ID, "https://redis.azure.com/.default"));

		RedisCredentials resolved = credentials.resolveCredentials().block(Duration.ofSeconds(30));

		assertThat(resolved.getUsername()).isEqualTo(OBJECT_ID);
		assertThat(new String(resolved.getPassword())).isEqualTo(AzureStandIn.MANAGED_IDENTITY_TOKEN);
		assertThat(resolved.toString()).doesNotContain(AzureStandIn.MANAGED_IDENTITY_TOKEN);
		assertThat(credentials.supportsStreaming()).isTrue();
		assertThat(credentials.credentials().blockFirst(Duration.ofSeconds(1))).as("streamed to Lettuce too")
			.isNotNull();

		try (RedisServer redis = RedisServer.start(); RedisServer.Connection admin = redis.connect()) {
			admin.commands()
				.aclSetuser(OBJECT_ID,
						io.lettuce.core.AclSetuserArgs.Builder.on()
							.addPassword(AzureStandIn.MANAGED_IDENTITY_TOKEN)
							.allKeys()
							.allChannels()
							.allCommands());
			RedisURI uri = RedisURI.builder().withHost("127.0.0.1").withPort(redis.port()).withAuthentication(credentials)
				.build();
			RedisClient client = RedisClient.create(uri);
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				assertThat(connection.sync().aclWhoami()).isEqualTo(OBJECT_ID);
			}
			finally {
				client.shutdown();
			}
		}
	}

	/**
	 * A token that expires some seconds after {@link EntraIdCredentials#RENEW_BEFORE} is renewed
	 * those seconds later, and the live connection, on Lettuce's options as FleetConfiguration sets
	 * them, sends AUTH with the new token. Redis cannot check Entra ID tokens: an ACL user whose only
	 * password is, from before the renewal on, the new token stands in for Azure's check.
	 */
	@Test
	void aTokenNearItsExpiryIsRenewedAndTheLiveConnectionAuthenticatesWithTheNewOne() {
		String clientId = UUID.randomUUID().toString();
		String first = "redis-token-first-" + UUID.randomUUID();
		String second = "redis-token-second-" + UUID.randomUUID();
		RedisTokens.stub(clientId, RedisTokens.token(first, EntraIdCredentials.RENEW_BEFORE.plusSeconds(10)),
				RedisTokens.token(second, Duration.ofHours(1)));
		EntraIdCredentials credentials = new EntraIdCredentials(identity(clientId), ENTRA_ID);

		try (RedisServer redis = RedisServer.start(); RedisServer.Connection admin = redis.connect()) {
			admin.commands().aclSetuser(OBJECT_ID, AclSetuserArgs.Builder.on().addPassword(first).allKeys()
				.allChannels().allCommands());
			RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(redis.port())
				.withAuthentication(credentials).build());
			client.setOptions(ClientOptions.builder()
				.reauthenticateBehavior(ClientOptions.ReauthenticateBehavior.ON_NEW_CREDENTIALS)
				.build());
			List<Event> reauthentications = new CopyOnWriteArrayList<>();
			Disposable events = client.getResources().eventBus().get()
				.filter((event) -> event instanceof ReauthenticationEvent || event instanceof ReauthenticationFailedEvent)
				.subscribe(reauthentications::add);
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				// Answered after any AUTH Lettuce sent on connecting, with the token it has.
				assertThat(connection.sync().ping()).isEqualTo("PONG");
				long id = connection.sync().clientId();
				// Lettuce reports the AUTH it sent on connecting as a reauthentication too, on its event
				// bus's thread: counted only once it has arrived, so that it is not taken for the renewal's.
				Eventually.value("the first AUTH reported", Duration.ofSeconds(60), reauthentications::size,
						(count) -> count > 0);
				int before = reauthentications.size();
				// From now on only the new token lets the identity in.
				admin.commands().aclSetuser(OBJECT_ID, AclSetuserArgs.Builder.resetpass().addPassword(second));
				assertThat(password(credentials)).as("not renewed yet: the test is too slow for its token's lifetime")
					.isEqualTo(first);

				Eventually.value("the live connection authenticated again", Duration.ofSeconds(60),
						reauthentications::size, (count) -> count > before);

				assertThat(reauthentications.subList(before, reauthentications.size()))
					.as("AUTH with the new token, accepted").allMatch(ReauthenticationEvent.class::isInstance);
				assertThat(admin.commands().aclLog()).as("no AUTH refused").isEmpty();
				assertThat(connection.sync().clientId()).as("the same connection").isEqualTo(id);
				assertThat(connection.sync().aclWhoami()).isEqualTo(OBJECT_ID);
				assertThat(password(credentials)).isEqualTo(second);
				try (StatefulRedisConnection<String, String> another = client.connect()) {
					assertThat(another.sync().aclWhoami()).as("a new connection, with the new token").isEqualTo(OBJECT_ID);
				}
				assertThat(RedisTokens.requests(clientId)).as("the first token, then its renewal").isEqualTo(2);
			}
			finally {
				events.dispose();
				client.shutdown();
			}
		}
	}

	@Test
	void aRenewalThatFailsIsTriedAgainWhileTheTokenIsStillValid() {
		String clientId = UUID.randomUUID().toString();
		String first = "redis-token-first-" + UUID.randomUUID();
		String second = "redis-token-second-" + UUID.randomUUID();
		RedisTokens.stub(clientId, RedisTokens.token(first, EntraIdCredentials.RENEW_BEFORE.plusSeconds(2)),
				aResponse().withStatus(400).withHeader("Content-Type", "application/json")
					.withBody("{\"error\":\"invalid_request\",\"error_description\":\"not now\"}"),
				RedisTokens.token(second, Duration.ofHours(1)));
		EntraIdCredentials credentials = new EntraIdCredentials(identity(clientId), ENTRA_ID, Duration.ofSeconds(1));

		assertThat(password(credentials)).isEqualTo(first);

		RedisCredentials renewed = credentials.credentials()
			.filter((candidate) -> second.equals(new String(candidate.getPassword())))
			.blockFirst(Duration.ofSeconds(60));
		assertThat(renewed).isNotNull();
		assertThat(password(credentials)).isEqualTo(second);
		assertThat(RedisTokens.requests(clientId)).as("the first token, the failed renewal, the one tried again")
			.isEqualTo(3);
	}

	/** The azure-identity credential of a user-assigned identity of the test's own, whose tokens MSAL holds apart. */
	private static TokenCredential identity(String clientId) {
		AzureStandIn.server(); // the stand-in, started
		return new ManagedIdentityCredentialBuilder().clientId(clientId).build();
	}

	private static String password(EntraIdCredentials credentials) {
		return new String(credentials.resolveCredentials().block(Duration.ofSeconds(30)).getPassword());
	}

	@Test
	void theObjectIdIsTheTokensOidClaimUnlessConfigured() {
		String payload = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("{\"aud\":\"https://redis.azure.com\",\"oid\":\"" + OBJECT_ID + "\"}")
				.getBytes(StandardCharsets.UTF_8));

		assertThat(EntraIdCredentials.objectId("e30." + payload + ".c2ln")).isEqualTo(OBJECT_ID);
		assertThat(EntraIdCredentials.objectId("e30.e30.c2ln")).isNull();
		assertThat(EntraIdCredentials.objectId("not-a-jwt")).isNull();
		assertThat(EntraIdCredentials.objectId("e30.%%%.c2ln")).isNull();
		assertThat(List.of(EntraIdCredentials.RENEW_BEFORE)).containsExactly(Duration.ofMinutes(5));
	}

}
