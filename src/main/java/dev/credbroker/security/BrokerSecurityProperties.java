package dev.credbroker.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which tokens the broker accepts.
 *
 * @param issuers URIs of the trusted issuers; discovery and keys are fetched from each. A single
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} is trusted too.
 * @param audiences audiences of which a token must carry at least one
 * @param clockSkew tolerance when checking {@code exp} and {@code nbf}
 * @param jwksRateLimit the least time between fetches of an issuer's JWK Set for tokens that name a
 * key id it does not know (two are let through per interval); shorter than the keys' cache lifetime
 * @param tokenCache the tokens that passed validation, remembered so that they are not validated
 * again on every request (docs/security-notes.md)
 */
@ConfigurationProperties("broker.security")
public record BrokerSecurityProperties(@DefaultValue List<String> issuers, @DefaultValue List<String> audiences,
		@DefaultValue("60s") Duration clockSkew, @DefaultValue("30s") Duration jwksRateLimit,
		@DefaultValue TokenCache tokenCache) {

	/**
	 * The verified-token cache.
	 *
	 * @param enabled whether validated tokens are remembered; when off, every request validates its
	 * token in full
	 * @param maxAge how long a token is remembered at most; never past its {@code exp}
	 * @param maxEntries how many tokens are remembered at most; the least used go first
	 */
	public record TokenCache(@DefaultValue("true") boolean enabled, @DefaultValue("5m") Duration maxAge,
			@DefaultValue("10000") int maxEntries) {

		/** The defaults, for code that builds the properties by hand. */
		public static final TokenCache DEFAULTS = new TokenCache(true, Duration.ofMinutes(5), 10_000);

	}

}
