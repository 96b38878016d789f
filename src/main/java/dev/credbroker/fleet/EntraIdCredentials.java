package dev.credbroker.fleet;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * The broker's own identity as Redis credentials, as Azure Cache for Redis and Azure Managed
 * Redis take them with Microsoft Entra ID: the user name is the identity's object id, the password
 * an access token for {@code https://redis.azure.com/.default}. A token lives about an hour, and a
 * connection whose token expires is dropped by Redis: so new credentials are streamed before the
 * token expires, and Lettuce re-authenticates its connections with them
 * ({@code ReauthenticateBehavior.ON_NEW_CREDENTIALS}). The token is never logged.
 * <p>
 * Trusts the credential Spring Cloud Azure configures (workload identity, the managed identity) to
 * hand out the broker's own token; the object id, when not configured, is read from that token's
 * {@code oid} claim without checking its signature, since the token only goes to Redis, which checks
 * it.
 */
final class EntraIdCredentials implements RedisCredentialsProvider {

	private static final Log logger = LogFactory.getLog(EntraIdCredentials.class);

	/** How long before it expires a token is renewed. */
	static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

	/** How long after a failed renewal it is tried again. */
	static final Duration RETRY_DELAY = Duration.ofSeconds(30);

	private final TokenCredential credential;

	private final TokenRequestContext request;

	private final @Nullable String username;

	private final Sinks.Many<RedisCredentials> renewed = Sinks.many().replay().latest();

	private final Duration retryDelay;

	private final AtomicReference<@Nullable Disposable> renewal = new AtomicReference<>();

	private volatile @Nullable Credentials current;

	/** Whether the last renewal failed, so that a run of failures is logged once. */
	private volatile boolean failing;

	EntraIdCredentials(TokenCredential credential, FleetProperties.EntraId properties) {
		this(credential, properties, RETRY_DELAY);
	}

	EntraIdCredentials(TokenCredential credential, FleetProperties.EntraId properties, Duration retryDelay) {
		this.credential = credential;
		this.request = new TokenRequestContext().addScopes(properties.scope());
		this.username = properties.username();
		this.retryDelay = retryDelay;
	}

	@Override
	public Mono<RedisCredentials> resolveCredentials() {
		Credentials current = this.current;
		if (current != null && !current.isDue()) {
			return Mono.just(current);
		}
		return fetch();
	}

	@Override
	public boolean supportsStreaming() {
		return true;
	}

	@Override
	public Flux<RedisCredentials> credentials() {
		return this.renewed.asFlux();
	}

	private Mono<RedisCredentials> fetch() {
		return this.credential.getToken(this.request).map((token) -> {
			Credentials credentials = new Credentials(username(token), token);
			this.current = credentials;
			this.renewed.tryEmitNext(credentials);
			if (this.failing) {
				this.failing = false;
				logger.warn("The Redis token of the broker's identity is renewed again");
			}
			Duration until = Duration.between(OffsetDateTime.now(), token.getExpiresAt().minus(RENEW_BEFORE));
			scheduleRenewal(until.isNegative() ? this.retryDelay : until);
			return credentials;
		});
	}

	/**
	 * Renews the token after a while, replacing the renewal planned before: one renewal at a time,
	 * however many fetches (a connection made while the token was due fetches too). A renewal that
	 * fails is tried again after {@link #retryDelay}, while the token may still be valid.
	 */
	private void scheduleRenewal(Duration delay) {
		Disposable next = Mono.delay(delay, Schedulers.parallel()).flatMap((tick) -> fetch()).subscribe((credentials) -> {
		}, (ex) -> {
			if (!this.failing) {
				this.failing = true;
				logger.warn("Could not renew the Redis token of the broker's identity (" + ex.getClass().getSimpleName()
						+ "); trying again every " + this.retryDelay.toSeconds() + " s. Redis refuses the "
						+ "broker's connections once the token expires");
			}
			scheduleRenewal(this.retryDelay);
		});
		Disposable previous = this.renewal.getAndSet(next);
		if (previous != null) {
			previous.dispose();
		}
	}

	private String username(AccessToken token) {
		if (this.username != null && !this.username.isBlank()) {
			return this.username;
		}
		String oid = objectId(token.getToken());
		if (oid == null) {
			throw new IllegalStateException("The broker's token for Redis names no object id (oid): set "
					+ "broker.fleet.entra-id.username to the identity's object id");
		}
		return oid;
	}

	/**
	 * The {@code oid} claim of a JWT, read without checking it.
	 * @param jwt the token
	 * @return the claim, or {@code null}
	 */
	static @Nullable String objectId(String jwt) {
		String[] parts = jwt.split("\\.", 3);
		if (parts.length < 3) {
			return null;
		}
		try {
			byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
			Map<?, ?> claims = JsonMapper.builder().build().readValue(new String(payload, StandardCharsets.UTF_8),
					Map.class);
			return (claims.get("oid") instanceof String oid) ? oid : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/** Credentials of one token: the password is the token, and {@link #toString()} hides it. */
	private record Credentials(String username, AccessToken token) implements RedisCredentials {

		boolean isDue() {
			return OffsetDateTime.now().isAfter(this.token.getExpiresAt().minus(RENEW_BEFORE));
		}

		@Override
		public String getUsername() {
			return this.username;
		}

		@Override
		public boolean hasUsername() {
			return true;
		}

		@Override
		public char[] getPassword() {
			return this.token.getToken().toCharArray();
		}

		@Override
		public boolean hasPassword() {
			return true;
		}

		@Override
		public String toString() {
			return "Credentials[username=" + this.username + ", password=[redacted]]";
		}

	}

}
