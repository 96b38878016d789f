package dev.credbroker.security;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import dev.credbroker.support.Eventually;
import dev.credbroker.support.KeyCountingIssuer;
import dev.credbroker.support.TestIssuer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A trusted issuer's keys as the broker's authentication sees them, fetched over real HTTP from
 * {@link KeyCountingIssuer}, with a rate-limit interval short enough to wait out.
 */
class IssuerKeysTests {

	/**
	 * Long enough that a test's few requests fall in one window even on a loaded machine (at 500 ms
	 * they once spanned two, and four fetches were counted), short enough to wait one out.
	 */
	private static final Duration RATE_LIMIT = Duration.ofSeconds(3);

	private final KeyCountingIssuer issuer = new KeyCountingIssuer();

	/** On, as in the broker: a remembered token must stop with its key like any other. */
	private final VerifiedTokens verifiedTokens = new VerifiedTokens(BrokerSecurityProperties.TokenCache.DEFAULTS,
			Clock.systemUTC(), new SimpleMeterRegistry());

	private final TrustedIssuers trustedIssuers = new TrustedIssuers(List.of(this.issuer.issuer()),
			new BrokerSecurityProperties(List.of(this.issuer.issuer()), List.of(TestIssuer.AUDIENCE),
					Duration.ofSeconds(60), RATE_LIMIT, BrokerSecurityProperties.TokenCache.DEFAULTS),
			this.verifiedTokens);

	@AfterEach
	void close() throws IOException {
		this.trustedIssuers.close();
		this.issuer.close();
	}

	@Test
	void aKeyRotatedInAtTheIssuerIsPickedUpOnceTheRateLimitLetsAFetchThrough() {
		assertThat(authenticate(this.issuer.token("svc-alpha")).getName()).isEqualTo("svc-alpha");
		// An attacker spends the interval's fetches on made-up key ids just before a rotation...
		for (int i = 0; i < 5; i++) {
			assertRejectedAsInvalid(this.issuer.tokenOfAnUnknownKey());
		}
		int fetches = this.issuer.jwksFetches();
		assertThat(fetches).isBetween(1, 2);

		this.issuer.rotate();
		String rotated = this.issuer.token("svc-alpha");

		// ...which delays the new key by one interval at most: waited for, not guessed (Nimbus's rate
		// limit reads the system clock).
		Authentication authenticated = Eventually.value("the rotated key verifies", () -> attempt(rotated),
				Objects::nonNull);
		assertThat(authenticated.getName()).isEqualTo("svc-alpha");
		assertThat(this.issuer.jwksFetches()).isGreaterThan(fetches);
	}

	@Test
	void aRotationRightAfterAFetchIsFoundAtOnceAndTheWithdrawnKeyStopsVerifying() {
		String old = this.issuer.token("svc-alpha");
		assertThat(authenticate(old).getName()).isEqualTo("svc-alpha");
		assertThat(this.verifiedTokens.holds(old)).as("remembered").isTrue();

		this.issuer.rotate();

		// The interval's second fetch is there for this: a new key id seen just after a fetch.
		assertThat(authenticate(this.issuer.token("svc-beta")).getName()).isEqualTo("svc-beta");
		assertThat(this.issuer.jwksFetches()).isEqualTo(2);
		assertRejectedAsInvalid(old);
		assertThat(this.verifiedTokens.holds(old)).as("forgotten").isFalse();
	}

	private Authentication authenticate(String token) {
		AuthenticationManager manager = this.trustedIssuers.resolve(this.issuer.issuer());
		assertThat(manager).isNotNull();
		return manager.authenticate(new BearerTokenAuthenticationToken(token));
	}

	private Authentication attempt(String token) {
		try {
			return authenticate(token);
		}
		catch (InvalidBearerTokenException ex) {
			return null;
		}
	}

	/** Refused as an invalid token (401), not as an authentication service failure. */
	private void assertRejectedAsInvalid(String token) {
		assertThatExceptionOfType(AuthenticationException.class).isThrownBy(() -> authenticate(token))
			.isInstanceOf(InvalidBearerTokenException.class);
	}

}
