package dev.credbroker.fleet;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Whether replicas act alone or as one fleet, on Redis ({@code spring.data.redis.*}).
 *
 * @param mode {@code local}: each replica has its own cache, budget and quotas (the chart divides
 * the budget among them); {@code redis}: the replicas share them through Redis
 * @param localTtl in redis mode, how long a replica serves an answer from its own memory before it
 * looks in Redis again; an eviction reaches every replica at once regardless
 * @param encryptionKey in redis mode, the file holding the key that seals every entry the fleet
 * keeps in Redis: the Base64 of 32 random bytes ({@code openssl rand -base64 32}), mounted from a
 * Secret; required
 * @param previousEncryptionKey the file holding the key before it, which still opens entries while
 * the fleet rotates; a missing file means none
 * @param expectedReplicas how many replicas share the ARM budget and team quotas when Redis cannot
 * be reached and each replica falls back to its own: each then keeps to this share of them
 * @param keyPrefix the prefix of every key and channel the broker uses in Redis, so that several
 * installations may share one Redis
 * @param probeInterval while Redis cannot be reached, how often a replica asks it again
 * @param entraId Microsoft Entra ID authentication to Azure Cache for Redis
 */
@ConfigurationProperties("broker.fleet")
public record FleetProperties(@DefaultValue("local") Mode mode, @DefaultValue("30s") Duration localTtl,
		@Nullable Path encryptionKey, @Nullable Path previousEncryptionKey, @DefaultValue("2") int expectedReplicas,
		@DefaultValue("credential-broker") String keyPrefix, @DefaultValue("1s") Duration probeInterval,
		@DefaultValue EntraId entraId) {

	/** The property that chooses the mode, read also before the properties are bound. */
	static final String MODE = "broker.fleet.mode";

	/**
	 * Where replicas keep what they share.
	 */
	public enum Mode {

		/** Each replica alone, in its own memory. */
		LOCAL,

		/** The fleet as one, on Redis. */
		REDIS

	}

	/**
	 * Authentication to Azure Cache for Redis (or Azure Managed Redis) with the broker's own
	 * identity, the one that calls Resource Manager: its access token is the password, renewed before
	 * it expires, and its object id the user name. No password is then configured.
	 *
	 * @param enabled whether to authenticate so
	 * @param username the identity's object (principal) id, which Redis's access policy assignment
	 * names; when unset, the {@code oid} claim of the identity's token
	 * @param scope the token's scope
	 */
	public record EntraId(@DefaultValue("false") boolean enabled, @Nullable String username,
			@DefaultValue("https://redis.azure.com/.default") String scope) {
	}

}
