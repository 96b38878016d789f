package dev.credbroker.security;

import java.io.IOException;
import java.time.Clock;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;

/**
 * One {@link AuthenticationManager} per trusted issuer, whose keys ({@link IssuerKeys}) are fetched
 * on first use, so that an issuer that is down at start-up does not stop the broker. An issuer that
 * is not trusted resolves to nothing, which Spring Security answers with 401, and none of its tokens
 * reaches a decoder, so none is ever remembered by {@link VerifiedTokens}.
 */
public final class TrustedIssuers implements AuthenticationManagerResolver<String>, AutoCloseable {

	/** Asymmetric signatures only: {@code none} and HMAC (the key-confusion attack) never verify. */
	private static final Set<SignatureAlgorithm> ALGORITHMS = Set.of(SignatureAlgorithm.RS256,
			SignatureAlgorithm.RS384, SignatureAlgorithm.RS512, SignatureAlgorithm.PS256, SignatureAlgorithm.PS384,
			SignatureAlgorithm.PS512, SignatureAlgorithm.ES256, SignatureAlgorithm.ES384, SignatureAlgorithm.ES512);

	private static final @Nullable HttpServletRequest NO_REQUEST = null;

	private final Set<String> issuers;

	private final BrokerSecurityProperties properties;

	/** The tokens validated before, or {@code null} when every token is validated in full. */
	private final @Nullable VerifiedTokens verifiedTokens;

	private final Map<String, AuthenticationManager> managers = new ConcurrentHashMap<>();

	private final List<IssuerKeys> keys = new CopyOnWriteArrayList<>();

	/** Refreshes the issuers' keys shortly before they expire, off the request threads. */
	private final ExecutorService refresher = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "issuer-keys-refresh");
		thread.setDaemon(true);
		return thread;
	});

	TrustedIssuers(Collection<String> issuers, BrokerSecurityProperties properties,
			@Nullable VerifiedTokens verifiedTokens) {
		this.issuers = Collections.unmodifiableSet(new LinkedHashSet<>(issuers));
		this.properties = properties;
		this.verifiedTokens = verifiedTokens;
	}

	/** @return whether validated tokens are remembered */
	boolean remembersTokens() {
		return this.verifiedTokens != null;
	}

	/**
	 * The trusted issuers, each exactly as the {@code iss} claim of its tokens names it.
	 * @return their URIs, in configuration order
	 */
	public Set<String> uris() {
		return this.issuers;
	}

	@Override
	public @Nullable AuthenticationManager resolve(String issuer) {
		if (!this.issuers.contains(issuer)) {
			return null;
		}
		return this.managers.computeIfAbsent(issuer, this::authenticationManager);
	}

	/**
	 * The authentication of a request's bearer token. A token validated before goes straight to the
	 * issuer that validated it; any other, to the issuer its {@code iss} claim names, which Spring's
	 * {@link JwtIssuerAuthenticationManagerResolver} reads by parsing the token. Both end in the same
	 * issuer's decoder, which checks the token as it always does (a remembered one: within its time,
	 * its key still published), so the shortcut decides nothing: it only skips a parse that was 5% of
	 * the CPU of a cache hit and most of the garbage of a refusal (JFR, 2026-12-01). A remembered
	 * token's issuer is its {@code iss} claim, which its validation required; an issuer no longer
	 * trusted resolves to nothing and the token takes the parsing path, which refuses it.
	 * @return the authentication manager
	 */
	AuthenticationManager authenticationManager() {
		// Spring's resolver hands out one manager, which reads the issuer from the token, not the request.
		AuthenticationManager byClaim = new JwtIssuerAuthenticationManagerResolver(this).resolve(NO_REQUEST);
		VerifiedTokens remembered = this.verifiedTokens;
		if (remembered == null) {
			return byClaim;
		}
		return (authentication) -> {
			if (authentication instanceof BearerTokenAuthenticationToken bearer) {
				String issuer = remembered.issuerOf(bearer.getToken());
				AuthenticationManager manager = (issuer != null) ? resolve(issuer) : null;
				if (manager != null) {
					return manager.authenticate(authentication);
				}
			}
			return byClaim.authenticate(authentication);
		};
	}

	private AuthenticationManager authenticationManager(String issuer) {
		IssuerKeys issuerKeys = new IssuerKeys(issuer, this.properties.jwksRateLimit(), this.refresher);
		this.keys.add(issuerKeys);
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(issuerKeys).jwsAlgorithms((algorithms) -> {
			algorithms.clear();
			algorithms.addAll(ALGORITHMS);
		}).build();
		decoder.setJwtValidator(validator(issuer));
		JwtDecoder remembering = (this.verifiedTokens != null)
				? new VerifiedTokenDecoder(decoder, issuer, issuerKeys, this.verifiedTokens) : decoder;
		JwtAuthenticationProvider provider = new JwtAuthenticationProvider(remembering);
		return provider::authenticate;
	}

	OAuth2TokenValidator<Jwt> validator(String issuer) {
		return validator(issuer, Clock.systemUTC());
	}

	/**
	 * The checks of a token's claims.
	 * @param issuer the issuer the token must name
	 * @param clock the time {@code exp} and {@code nbf} are checked against; the system's in the
	 * broker, since the callers' issuers stamp their tokens with it
	 * @return the validator
	 */
	OAuth2TokenValidator<Jwt> validator(String issuer, Clock clock) {
		JwtTimestampValidator timestamps = new JwtTimestampValidator(this.properties.clockSkew());
		timestamps.setClock(clock);
		timestamps.setAllowEmptyExpiryClaim(false);
		List<String> audiences = this.properties.audiences();
		JwtClaimValidator<List<String>> audience = new JwtClaimValidator<>(JwtClaimNames.AUD,
				(aud) -> aud != null && aud.stream().anyMatch(audiences::contains));
		return new DelegatingOAuth2TokenValidator<>(List.of(new JwtIssuerValidator(issuer), timestamps, audience));
	}

	@Override
	public void close() throws IOException {
		this.refresher.shutdownNow();
		for (IssuerKeys issuerKeys : this.keys) {
			issuerKeys.close();
		}
	}

}
