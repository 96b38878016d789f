package dev.credbroker.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.azure.core.credential.TokenCredential;
import dev.credbroker.crypto.SealingKeys;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.RedisCredentialsProviderFactory;

/**
 * The broker's rate limits and, in redis mode, its link to the fleet's Redis: the Lettuce client
 * that Spring Boot configures from {@code spring.data.redis.*} (host, port, TLS, user name and
 * password), made to fail fast while disconnected, and the keys that seal what the fleet keeps.
 */
@Configuration(proxyBeanMethods = false)
class FleetConfiguration {

	@Bean(destroyMethod = "close")
	RateLimits rateLimits(Clock clock, ObjectProvider<Fleet> fleet, FleetProperties properties) {
		return new RateLimits(clock, fleet.getIfAvailable(), Math.max(1, properties.expectedReplicas()));
	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnRedisMode.class)
	static class RedisFleetConfiguration {

		private static final Log logger = LogFactory.getLog(RedisFleetConfiguration.class);

		/**
		 * While disconnected, a command fails at once instead of waiting in Lettuce's queue for a
		 * reconnection: the replica serves alone meanwhile.
		 */
		@Bean
		LettuceClientOptionsBuilderCustomizer fleetClientOptions(FleetProperties properties) {
			return (options) -> {
				options.autoReconnect(true).disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
				if (properties.entraId().enabled()) {
					options.reauthenticateBehavior(ClientOptions.ReauthenticateBehavior.ON_NEW_CREDENTIALS);
				}
			};
		}

		/** Lettuce tries to reconnect at most every two seconds, not its default of thirty. */
		@Bean
		ClientResourcesBuilderCustomizer fleetReconnectDelay() {
			return (resources) -> resources
				.reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS));
		}

		@Bean
		@ConditionalOnProperty(name = "broker.fleet.entra-id.enabled", havingValue = "true")
		LettuceClientConfigurationBuilderCustomizer fleetEntraId(FleetProperties properties,
				@Qualifier("springCloudAzureDefaultCredential") TokenCredential credential) {
			EntraIdCredentials credentials = new EntraIdCredentials(credential, properties.entraId());
			return (builder) -> builder.redisCredentialsProviderFactory(new RedisCredentialsProviderFactory() {

				@Override
				public EntraIdCredentials createCredentialsProvider(RedisConfiguration configuration) {
					return credentials;
				}

			});
		}

		@Bean(destroyMethod = "close")
		Fleet redisFleet(LettuceConnectionFactory connectionFactory, FleetProperties properties, SealingKeys keys,
				Clock clock, MeterRegistry meterRegistry) {
			if (!(connectionFactory.getRequiredNativeClient() instanceof RedisClient client)) {
				throw new IllegalStateException("broker.fleet.mode=redis takes one Redis endpoint "
						+ "(spring.data.redis.host and port, or url), not a cluster or sentinels");
			}
			Fleet fleet = new Fleet(client, properties, keys, clock, meterRegistry);
			fleet.start();
			return fleet;
		}

		@Bean
		SealingKeys fleetSealingKeys(FleetProperties properties) {
			Path current = properties.encryptionKey();
			if (current == null) {
				throw new IllegalStateException("broker.fleet.mode=redis needs broker.fleet.encryption-key: the file "
						+ "of the key that seals every entry the fleet keeps in Redis (openssl rand -base64 32, "
						+ "mounted from a Secret)");
			}
			byte[] previous = read("broker.fleet.previous-encryption-key", properties.previousEncryptionKey(), false);
			SealingKeys keys = new SealingKeys(read("broker.fleet.encryption-key", current, true), previous);
			logger.info("Fleet entries are sealed with key " + keys.currentId()
					+ ((previous != null) ? "; the previous key still opens them" : ""));
			return keys;
		}

		private static byte @Nullable [] read(String property, @Nullable Path file, boolean required) {
			if (file == null || (!required && !Files.exists(file))) {
				return null;
			}
			try {
				return SealingKeys.decode(property + " (" + file + ")", Files.readString(file, StandardCharsets.US_ASCII));
			}
			catch (IOException ex) {
				throw new IllegalStateException(property + ": cannot read " + file, ex);
			}
		}

		@Bean("fleet")
		AbstractHealthIndicator fleetHealthIndicator(Fleet fleet) {
			return new AbstractHealthIndicator() {

				@Override
				protected void doHealthCheck(Health.Builder builder) {
					// Up either way: a replica that cannot reach Redis still serves, alone.
					builder.up().withDetail("mode", "redis").withDetail("degraded", !fleet.isUp());
				}

			};
		}

	}

}
