package dev.credbroker.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.credbroker.support.MovableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The verified-token cache in front of a real Nimbus validation (RS256 signature, issuer, audience,
 * times, the broker's validator), on a clock the test moves: what it answers without validating,
 * and everything it must send back to the full validation.
 */
class VerifiedTokenDecoderTests {

	private static final String ISSUER = "https://issuer.example/trusted";

	private static final String AUDIENCE = "api://broker";

	private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T10:00:00Z"));

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private final BrokerSecurityProperties properties = new BrokerSecurityProperties(List.of(ISSUER),
			List.of(AUDIENCE), Duration.ofSeconds(60), Duration.ofSeconds(30),
			BrokerSecurityProperties.TokenCache.DEFAULTS);

	private final VerifiedTokens verified = new VerifiedTokens(this.properties.tokenCache(), this.clock, this.meters);

	private final RSAKey key = newKey();

	/** The issuer's JWK Set as the decoder sees it now; a test withdraws the key by replacing it. */
	private volatile JWKSet published = new JWKSet(this.key.toPublicJWK());

	private final JWKSource<SecurityContext> keys = (selector, context) -> selector.select(this.published);

	/** Full validations, counted. */
	private final AtomicInteger validations = new AtomicInteger();

	private final JwtDecoder decoder = new VerifiedTokenDecoder(fullValidation(), ISSUER, this.keys, this.verified);

	@Test
	void aValidatedTokenIsAnsweredAgainWithoutAnotherValidation() {
		String token = token(this.key, Duration.ofHours(1));

		assertThat(this.decoder.decode(token).getSubject()).isEqualTo("svc-alpha");
		assertThat(this.decoder.decode(token).getSubject()).isEqualTo("svc-alpha");

		assertThat(this.validations).hasValue(1);
		assertThat(gets("hit")).isEqualTo(1);
		assertThat(gets("miss")).isEqualTo(1);
	}

	@Test
	void aRememberedTokenIsRefusedOnceItsExpiryAndTheClockSkewHavePassed() {
		String token = token(this.key, Duration.ofMinutes(2));
		this.decoder.decode(token);
		assertThat(this.verified.holds(token)).isTrue();

		// Past exp, within the 60 s skew: the full validation accepts it, and it is not remembered.
		this.clock.advance(Duration.ofSeconds(121));
		assertThat(this.decoder.decode(token).getSubject()).isEqualTo("svc-alpha");
		assertThat(this.validations).hasValue(2);
		assertThat(this.verified.holds(token)).isFalse();

		this.clock.advance(Duration.ofSeconds(60));
		assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> this.decoder.decode(token));
		assertThat(gets("hit")).isZero();
	}

	@Test
	void aTokenIsValidatedAgainAfterTheBoundEvenBeforeItsExpiry() {
		String token = token(this.key, Duration.ofHours(1));
		this.decoder.decode(token);

		this.clock.advance(Duration.ofMinutes(5).minusSeconds(1));
		this.decoder.decode(token);
		assertThat(this.validations).hasValue(1);

		this.clock.advance(Duration.ofSeconds(2));
		this.decoder.decode(token);
		assertThat(this.validations).hasValue(2);
	}

	@Test
	void aTokenWithATamperedSignatureIsNeverAHit() {
		String token = token(this.key, Duration.ofHours(1));
		this.decoder.decode(token);
		int at = token.length() - 2;
		String tampered = token.substring(0, at) + ((token.charAt(at) == 'A') ? 'B' : 'A') + token.substring(at + 1);

		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode(tampered));
		}

		assertThat(gets("hit")).isZero();
		assertThat(this.verified.holds(tampered)).isFalse();
		assertThat(this.validations).hasValue(3);
	}

	@Test
	void aTokenWithTheClaimsOfARememberedOneButAnotherSignerIsRefused() {
		String token = token(this.key, Duration.ofHours(1));
		this.decoder.decode(token);

		String forged = token(newKey(this.key.getKeyID()), Duration.ofHours(1));

		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode(forged));
		assertThat(gets("hit")).isZero();
	}

	@Test
	void aRememberedTokenStopsWithItsWithdrawnKey() {
		String token = token(this.key, Duration.ofHours(1));
		this.decoder.decode(token);

		this.published = new JWKSet(newKey().toPublicJWK());

		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.decoder.decode(token));
		assertThat(this.verified.holds(token)).isFalse();
	}

	/** Issuers with fixed key ids ({@code key1}) replace a key's material under the same id. */
	@Test
	void aRememberedTokenStopsWhenItsKeyIdNamesAnotherKey() {
		String token = token(this.key, Duration.ofHours(1));
		this.decoder.decode(token);

		this.published = new JWKSet(newKey(this.key.getKeyID()).toPublicJWK());

		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.decoder.decode(token));
		assertThat(this.verified.holds(token)).isFalse();
	}

	@Test
	void aRememberedTokenIsStillAnsweredWhenItsKeyIsPublishedAgainBesideANewOne() {
		String token = token(this.key, Duration.ofHours(1));
		this.decoder.decode(token);

		this.published = new JWKSet(List.of(newKey().toPublicJWK(), this.key.toPublicJWK()));

		assertThat(this.decoder.decode(token).getSubject()).isEqualTo("svc-alpha");
		assertThat(this.validations).hasValue(1);
	}

	@Test
	void aTokenWithoutAKeyIdIsNotRemembered() {
		RSAKey anonymous = new RSAKey.Builder(this.key).keyID(null).build();
		this.published = new JWKSet(anonymous.toPublicJWK());
		String token = token(anonymous, Duration.ofHours(1));

		this.decoder.decode(token);

		assertThat(this.verified.holds(token)).isFalse();
	}

	@Test
	void aTokenOfAnIssuerThatIsNotTrustedIsNeverRemembered() {
		TrustedIssuers trustedIssuers = new TrustedIssuers(List.of(ISSUER), this.properties, this.verified);
		String stranger = token(this.key, "https://issuer.example/stranger", Duration.ofHours(1));

		assertThatExceptionOfType(InvalidBearerTokenException.class)
			.isThrownBy(() -> trustedIssuers.authenticationManager().authenticate(new BearerTokenAuthenticationToken(stranger)));

		assertThat(this.verified.holds(stranger)).isFalse();
	}

	@Test
	void refusesABoundOrSizeThatIsNotPositive() {
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(
				() -> new VerifiedTokens(new BrokerSecurityProperties.TokenCache(true, Duration.ZERO, 10), this.clock,
						this.meters));
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(
				() -> new VerifiedTokens(new BrokerSecurityProperties.TokenCache(true, Duration.ofMinutes(1), 0),
						this.clock, this.meters));
	}

	private JwtDecoder fullValidation() {
		NimbusJwtDecoder nimbus = NimbusJwtDecoder.withJwkSource(this.keys).build();
		nimbus.setJwtValidator(
				new TrustedIssuers(List.of(ISSUER), this.properties, null).validator(ISSUER, this.clock));
		return (token) -> {
			this.validations.incrementAndGet();
			return nimbus.decode(token);
		};
	}

	private double gets(String result) {
		return this.meters.get("cache.gets").tag("cache", VerifiedTokens.CACHE_NAME).tag("result", result)
			.functionCounter()
			.count();
	}

	private String token(RSAKey signer, Duration lifetime) {
		return token(signer, ISSUER, lifetime);
	}

	private String token(RSAKey signer, String issuer, Duration lifetime) {
		Instant now = this.clock.instant();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer)
			.subject("svc-alpha")
			.audience(AUDIENCE)
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(now.plus(lifetime)))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(),
				claims);
		try {
			jwt.sign(new RSASSASigner(signer));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	private static RSAKey newKey() {
		return newKey(null);
	}

	private static RSAKey newKey(@Nullable String keyId) {
		try {
			RSAKeyGenerator generator = new RSAKeyGenerator(2048);
			return (keyId != null) ? generator.keyID(keyId).generate() : generator.keyIDFromThumbprint(true).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
