package dev.credbroker.security;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.util.Map;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetParseException;
import com.nimbusds.jose.jwk.source.JWKSetRetrievalException;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;

/**
 * The JWK Set that an issuer's OpenID Provider discovery document names, found on first use rather
 * than at start-up, so that an issuer that is down then does not stop the broker. Sits beneath the
 * cache and rate limit of {@link IssuerKeys}, so an issuer that cannot be reached is not asked again
 * at every request either. The document must name the issuer exactly as the broker trusts it.
 */
final class DiscoveredJwkSetSource implements JWKSetSource<SecurityContext> {

	private final String issuer;

	private final ResourceRetriever retriever;

	private @Nullable URLBasedJWKSetSource<SecurityContext> keys;

	DiscoveredJwkSetSource(String issuer, ResourceRetriever retriever) {
		this.issuer = issuer;
		this.retriever = retriever;
	}

	@Override
	public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
			throws KeySourceException {
		return keys().getJWKSet(refreshEvaluator, currentTime, context);
	}

	private synchronized URLBasedJWKSetSource<SecurityContext> keys() throws KeySourceException {
		if (this.keys == null) {
			this.keys = new URLBasedJWKSetSource<>(jwkSetUrl(), this.retriever);
		}
		return this.keys;
	}

	private URL jwkSetUrl() throws KeySourceException {
		// OpenID Connect Discovery 1.0, section 4: a terminating '/' of the issuer is removed first.
		String base = this.issuer.endsWith("/") ? this.issuer.substring(0, this.issuer.length() - 1) : this.issuer;
		Map<String, Object> metadata;
		try {
			URL location = URI.create(base + "/.well-known/openid-configuration").toURL();
			metadata = JSONObjectUtils.parse(this.retriever.retrieveResource(location).getContent());
		}
		catch (IOException | IllegalArgumentException ex) {
			throw new JWKSetRetrievalException(
					"Cannot read the discovery document of issuer " + this.issuer + ": " + ex.getMessage(), ex);
		}
		catch (ParseException ex) {
			throw new JWKSetParseException("The discovery document of issuer " + this.issuer + " is not JSON", ex);
		}
		if (!this.issuer.equals(metadata.get("issuer"))) {
			throw new KeySourceException("The discovery document of issuer " + this.issuer + " names another issuer");
		}
		if (!(metadata.get("jwks_uri") instanceof String jwksUri)) {
			throw new KeySourceException("The discovery document of issuer " + this.issuer + " names no jwks_uri");
		}
		try {
			return URI.create(jwksUri).toURL();
		}
		catch (MalformedURLException | IllegalArgumentException ex) {
			throw new KeySourceException("The discovery document of issuer " + this.issuer + " names a jwks_uri that "
					+ "is not a URL", ex);
		}
	}

	@Override
	public synchronized void close() throws IOException {
		if (this.keys != null) {
			this.keys.close();
		}
	}

}
