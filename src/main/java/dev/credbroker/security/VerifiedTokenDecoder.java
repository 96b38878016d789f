package dev.credbroker.security;

import java.text.ParseException;
import java.util.List;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * One trusted issuer's decoder, in front of the full validation: a token this issuer's decoder
 * validated before is answered from {@link VerifiedTokens} while it is within its time and a key
 * its header selected then, the same material, is still in the issuer's JWK Set (the same cached
 * set a full validation reads), so that a withdrawn key, or a key id given to a new key, stops a
 * remembered token as soon as it would stop a new one. Anything else,
 * a first sight, a changed byte, an expired entry, goes through the full validation, and only a
 * token that passed it is remembered.
 */
final class VerifiedTokenDecoder implements JwtDecoder {

	private final JwtDecoder decoder;

	private final String issuer;

	private final JWKSource<SecurityContext> keys;

	private final VerifiedTokens verified;

	/**
	 * @param decoder the full validation: signature, issuer, audience, times
	 * @param issuer the issuer whose tokens the decoder validates
	 * @param keys the issuer's keys, as the decoder reads them
	 * @param verified the tokens remembered
	 */
	VerifiedTokenDecoder(JwtDecoder decoder, String issuer, JWKSource<SecurityContext> keys,
			VerifiedTokens verified) {
		this.decoder = decoder;
		this.issuer = issuer;
		this.keys = keys;
		this.verified = verified;
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		VerifiedTokens.Verified remembered = this.verified.get(token);
		if (remembered != null && remembered.issuer().equals(this.issuer) && isStillPublished(remembered)) {
			return remembered.jwt();
		}
		if (remembered != null) {
			this.verified.forget(token);
		}
		Jwt jwt = this.decoder.decode(token);
		JWKSelector selector = signingKey(jwt);
		if (selector != null) {
			List<JWK> published = published(selector);
			if (!published.isEmpty()) {
				this.verified.put(token, new VerifiedTokens.Verified(jwt, this.issuer, selector, published));
			}
		}
		return jwt;
	}

	/**
	 * Whether the issuer's JWK Set, as a full validation would look the key up, still holds a key
	 * that was there when the token was validated: the same material, not only the same key id,
	 * which an issuer may give a new key.
	 */
	private boolean isStillPublished(VerifiedTokens.Verified remembered) {
		List<JWK> now = published(remembered.selector());
		for (JWK key : now) {
			if (remembered.keys().contains(key)) {
				return true;
			}
		}
		return false;
	}

	private List<JWK> published(JWKSelector selector) {
		try {
			return this.keys.get(selector, null);
		}
		catch (KeySourceException ex) {
			// The keys cannot be had: the full validation decides, and fails the same way.
			return List.of();
		}
	}

	/**
	 * The keys that may have verified the token, as its header selects them. A token without a key
	 * id is not remembered: any key of its type could have verified it, so no withdrawal could be
	 * told apart.
	 */
	private static @Nullable JWKSelector signingKey(Jwt jwt) {
		if (!(jwt.getHeaders().get("kid") instanceof String kid) || kid.isEmpty()) {
			return null;
		}
		try {
			return new JWKSelector(JWKMatcher.forJWSHeader(JWSHeader.parse(jwt.getHeaders())));
		}
		catch (ParseException | RuntimeException ex) {
			return null;
		}
	}

}
