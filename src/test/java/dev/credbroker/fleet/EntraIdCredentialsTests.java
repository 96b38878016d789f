package dev.credbroker.fleet;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.azure.identity.ManagedIdentityCredentialBuilder;
import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entra ID credentials for Redis from the broker's managed identity: the azure-identity credential
 * fetches its token from the managed-identity stand-in, and a real Redis, whose ACL user is the
 * identity's object id with the token as its password, lets the connection in.
 */
class EntraIdCredentialsTests {

	private static final String OBJECT_ID = "11111111-2222-4333-8444-555555555555";

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
