package dev.credbroker.support;

import java.security.SecureRandom;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * A real OIDC issuer on loopback (discovery and JWK Set over HTTP, RS256 keys it holds) whose JWK
 * Set requests can be counted and whose key can be rotated, which {@link TestIssuer}'s
 * mock-oauth2-server offers neither of. WireMock serves the documents; this class signs the tokens.
 */
public final class KeyCountingIssuer implements AutoCloseable {

	private static final String JWKS_PATH = "/issuer/jwks";

	private static final SecureRandom random = new SecureRandom();

	private final WireMockServer server;

	private RSAKey key;

	public KeyCountingIssuer() {
		this.server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
		this.server.start();
		this.server.stubFor(get(urlEqualTo("/issuer/.well-known/openid-configuration")).willReturn(okJson(JSONObjectUtils.toJSONString(
				Map.of("issuer", issuer(), "jwks_uri", "http://127.0.0.1:" + this.server.port() + JWKS_PATH)))));
		rotate();
	}

	/** @return the issuer's URI, as its tokens' {@code iss} names it */
	public String issuer() {
		return "http://127.0.0.1:" + this.server.port() + "/issuer";
	}

	/**
	 * Replaces the issuer's key with a new one, of a new key id, as an issuer's key rotation does.
	 * @return the new key
	 */
	public synchronized RSAKey rotate() {
		try {
			this.key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.stubFor(get(urlEqualTo(JWKS_PATH)).willReturn(okJson(new JWKSet(this.key.toPublicJWK()).toString())));
		return this.key;
	}

	/**
	 * A token signed with the issuer's current key.
	 * @param subject its subject
	 * @return the serialized JWT
	 */
	public synchronized String token(String subject) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.key.getKeyID()).build(),
					claims(subject));
			jwt.sign(new RSASSASigner(this.key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What anyone can make without any key: valid claims naming this issuer, a random key id, and
	 * random bytes for a signature.
	 * @return the serialized JWT
	 */
	public String tokenOfAnUnknownKey() {
		byte[] signature = new byte[256];
		random.nextBytes(signature);
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(UUID.randomUUID().toString()).build();
		return header.toBase64URL() + "." + Base64URL.encode(claims("svc-mallory").toString()) + "."
				+ Base64URL.encode(signature);
	}

	/** @return how many times the issuer's JWK Set has been fetched */
	public int jwksFetches() {
		return this.server.countRequestsMatching(getRequestedFor(urlEqualTo(JWKS_PATH)).build()).getCount();
	}

	@Override
	public void close() {
		this.server.stop();
	}

	private JWTClaimsSet claims(String subject) {
		return new JWTClaimsSet.Builder().issuer(issuer())
			.subject(subject)
			.audience(TestIssuer.AUDIENCE)
			.issueTime(new Date())
			.expirationTime(new Date(System.currentTimeMillis() + 3_600_000))
			.build();
	}

}
