package dev.credbroker.security;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;

/**
 * A trusted issuer's signing keys. A token's {@code kid} is chosen by whoever sends it, so a key id
 * the broker does not know must not cost a download of the issuer's JWK Set each time: the set is
 * cached, refreshed in the background shortly before it expires, and fetched again for an unknown
 * key id at most twice per rate-limit interval (Nimbus lets a second one through so that a key
 * rotated in just after a fetch is still found). In between, such a token finds no key and is
 * refused like any token signed by an unknown key. When the issuer cannot be reached, the keys
 * last fetched keep verifying for up to one more cache lifetime, no longer: a key the issuer
 * withdrew must stop working.
 */
final class IssuerKeys implements JWKSource<SecurityContext>, Closeable {

	/** How long a fetched JWK Set is used before it is fetched again. */
	static final Duration CACHE_LIFETIME = Duration.ofMinutes(5);

	/** How long a request waits for another's fetch of the same set. */
	private static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(15);

	/** How long before expiry a request triggers the background refresh. */
	private static final Duration REFRESH_AHEAD = Duration.ofSeconds(30);

	/**
	 * Longer than Nimbus' 500 ms defaults: with fetches rate-limited, a fetch that times out is not
	 * tried again until the interval has passed, and an issuer's first answer (discovery, keys
	 * generated on demand) can take longer than a warm one.
	 */
	private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

	private static final int READ_TIMEOUT_MILLIS = 3_000;

	private final JWKSource<SecurityContext> keys;

	/**
	 * The keys of one issuer.
	 * @param issuer the issuer, whose discovery document names its JWK Set
	 * @param rateLimit the least time between two fetches for unknown key ids (two are let through)
	 * @param refresher runs the background refreshes; not shut down by {@link #close()}
	 */
	IssuerKeys(String issuer, Duration rateLimit, ExecutorService refresher) {
		DefaultResourceRetriever retriever = new DefaultResourceRetriever(CONNECT_TIMEOUT_MILLIS,
				READ_TIMEOUT_MILLIS, JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT);
		this.keys = JWKSourceBuilder.create(new DiscoveredJwkSetSource(issuer, retriever))
			.cache(CACHE_LIFETIME.toMillis(), REFRESH_TIMEOUT.toMillis())
			.refreshAheadCache(REFRESH_AHEAD.toMillis(), null, refresher, false, null, false)
			.rateLimited(rateLimit.toMillis())
			.retrying(true)
			.outageTolerant(CACHE_LIFETIME.toMillis())
			.build();
	}

	@Override
	public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
		try {
			return this.keys.get(selector, context);
		}
		catch (RateLimitReachedException ex) {
			// An unknown key id within the interval: no key, so the token is refused with 401 as
			// signed by an unknown key, rather than failing as if the issuer were down.
			return List.of();
		}
	}

	@Override
	public void close() throws IOException {
		if (this.keys instanceof Closeable closeable) {
			closeable.close();
		}
	}

}
