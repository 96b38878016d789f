package dev.credbroker.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Tokens that passed a full validation (signature, issuer, audience, times), as Envoy's
 * {@code jwt_authn} filter keeps them: by the SHA-256 of the whole token string, each until the
 * earlier of its {@code exp} and {@code maxAge}, at most {@code maxEntries} of them. The token
 * string is the credential and its signature covers every claim, so the same string validates the
 * same way until its time runs out, or until the key that signed it is withdrawn, which
 * {@link VerifiedTokenDecoder} checks on every hit. Why this is safe: docs/security-notes.md.
 * <p>
 * Hits and misses are the standard cache meters, {@code cache.gets{cache="verified-tokens"}}.
 */
final class VerifiedTokens {

	static final String CACHE_NAME = "verified-tokens";

	private final Cache<TokenHash, Verified> tokens;

	private final Clock clock;

	private final Duration maxAge;

	private final MessageDigest sha256;

	VerifiedTokens(BrokerSecurityProperties.TokenCache settings, Clock clock, MeterRegistry meterRegistry) {
		if (settings.maxAge().isNegative() || settings.maxAge().isZero() || settings.maxEntries() < 1) {
			throw new IllegalStateException("broker.security.token-cache.max-age and max-entries must be positive, "
					+ "or broker.security.token-cache.enabled false");
		}
		this.clock = clock;
		this.maxAge = settings.maxAge();
		this.sha256 = sha256();
		this.tokens = Caffeine.newBuilder()
			.maximumSize(settings.maxEntries())
			.expireAfter(new UntilExpiry())
			.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
			.recordStats()
			.build();
		CaffeineCacheMetrics.monitor(meterRegistry, this.tokens, CACHE_NAME);
	}

	/**
	 * A token validated before, if it is still within its time.
	 * @param token the token string as the caller sent it
	 * @return what its validation found, or {@code null}
	 */
	@Nullable Verified get(String token) {
		TokenHash hash = hash(token);
		Verified verified = this.tokens.getIfPresent(hash);
		if (verified != null && !this.clock.instant().isBefore(verified.expiresAt())) {
			// Caffeine's expiry is exact; this states the rule rather than trusting the arithmetic.
			this.tokens.invalidate(hash);
			return null;
		}
		return verified;
	}

	/**
	 * The issuer that validated a token before, if it is still within its time: where to send the
	 * token without parsing it for its {@code iss} claim. Which is all it is: that issuer's decoder
	 * checks the token again ({@link VerifiedTokenDecoder}), key and all.
	 * @param token the token string as the caller sent it
	 * @return the issuer, or {@code null}
	 */
	@Nullable String issuerOf(String token) {
		// Quietly: the decoder's lookup that follows is the one the hit and miss meters count.
		Verified verified = this.tokens.policy().getIfPresentQuietly(hash(token));
		return (verified != null && this.clock.instant().isBefore(verified.expiresAt())) ? verified.issuer() : null;
	}

	/**
	 * Remembers a token that has just passed a full validation; one already past its expiry (within
	 * the clock skew) is not remembered.
	 * @param token the token string
	 * @param verified what its validation found
	 */
	void put(String token, Verified verified) {
		if (this.clock.instant().isBefore(verified.expiresAt())) {
			this.tokens.put(hash(token), verified);
		}
	}

	/** Forgets a token, whose key was withdrawn. */
	void forget(String token) {
		this.tokens.invalidate(hash(token));
	}

	/** @return whether the token is remembered, for tests */
	boolean holds(String token) {
		return this.tokens.asMap().containsKey(hash(token));
	}

	private TokenHash hash(String token) {
		MessageDigest digest;
		try {
			digest = (MessageDigest) this.sha256.clone();
		}
		catch (CloneNotSupportedException ex) {
			digest = sha256();
		}
		ByteBuffer bytes = ByteBuffer.wrap(digest.digest(token.getBytes(StandardCharsets.US_ASCII)));
		return new TokenHash(bytes.getLong(), bytes.getLong(), bytes.getLong(), bytes.getLong());
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/** A token's SHA-256, as four longs: equal only for the same token string. */
	private record TokenHash(long a, long b, long c, long d) {
	}

	/**
	 * A token's validation.
	 *
	 * @param jwt the validated token
	 * @param issuer the issuer whose keys and rules validated it
	 * @param selector how its header selects its key from the issuer's JWK Set
	 * @param keys the keys the selector found when it was validated, one of which verified it
	 */
	record Verified(Jwt jwt, String issuer, JWKSelector selector, List<JWK> keys) {

		Instant expiresAt() {
			Instant expiresAt = this.jwt.getExpiresAt();
			// The validator requires exp; a token without one is never remembered.
			return (expiresAt != null) ? expiresAt : Instant.MIN;
		}

	}

	/** Each entry lives until the earlier of its token's expiry and maxAge from when it was put. */
	private final class UntilExpiry implements Expiry<TokenHash, Verified> {

		@Override
		public long expireAfterCreate(TokenHash key, Verified value, long currentTime) {
			Duration untilExpiry = Duration.between(VerifiedTokens.this.clock.instant(), value.expiresAt());
			if (untilExpiry.compareTo(VerifiedTokens.this.maxAge) > 0) {
				return VerifiedTokens.this.maxAge.toNanos();
			}
			return untilExpiry.isNegative() ? 0 : untilExpiry.toNanos();
		}

		@Override
		public long expireAfterUpdate(TokenHash key, Verified value, long currentTime, long currentDuration) {
			return expireAfterCreate(key, value, currentTime);
		}

		@Override
		public long expireAfterRead(TokenHash key, Verified value, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
