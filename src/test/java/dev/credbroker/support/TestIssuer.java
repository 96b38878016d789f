package dev.credbroker.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/**
 * A real OIDC issuer on loopback, started once per JVM and shared by every test class, so that
 * integration tests share one Spring context. It serves discovery and JWKS for any issuer id, so
 * one server stands for trusted and untrusted issuers alike.
 */
public final class TestIssuer {

	/** Trusted by the broker under test. */
	public static final String TRUSTED = "trusted";

	/** Also trusted: proves several issuers work side by side. */
	public static final String PARTNER = "partner";

	/** Served by the same server, but not trusted by the broker. */
	public static final String STRANGER = "stranger";

	public static final String AUDIENCE = "api://credential-broker";

	private static final MockOAuth2Server server = start();

	private TestIssuer() {
	}

	private static MockOAuth2Server start() {
		MockOAuth2Server server = new MockOAuth2Server();
		server.start();
		Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
		warmUp(server);
		return server;
	}

	/**
	 * Serves discovery and keys once before any broker asks: the server's first answer costs
	 * seconds of class loading on a busy machine, and the broker reads discovery with Nimbus's
	 * 500 ms timeouts, so that a cold first answer failed the first authenticated request of a run.
	 */
	private static void warmUp(MockOAuth2Server server) {
		String issuer = server.issuerUrl(TRUSTED).toString();
		for (String path : List.of("/.well-known/openid-configuration", "/jwks")) {
			try (InputStream in = URI.create(issuer + path).toURL().openStream()) {
				in.readAllBytes();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("the test issuer does not answer " + path, ex);
			}
		}
	}

	public static MockOAuth2Server server() {
		return server;
	}

	public static String issuer(String issuerId) {
		return server.issuerUrl(issuerId).toString();
	}

	/**
	 * A token for the broker's audience.
	 * @param issuerId the issuer
	 * @param subject the subject
	 * @param claims further claims
	 * @return the serialized JWT
	 */
	public static String token(String issuerId, String subject, Map<String, Object> claims) {
		return token(issuerId, subject, List.of(AUDIENCE), claims, 3600);
	}

	public static String token(String issuerId, String subject, List<String> audience, Map<String, Object> claims,
			long expirySeconds) {
		// The issuer names the client in azp; a token that names none is issued to its subject.
		String clientId = String.valueOf(claims.getOrDefault("azp", subject));
		return server
			.issueToken(issuerId, clientId,
					new DefaultOAuth2TokenCallback(issuerId, subject, "JWT", audience, claims, expirySeconds))
			.serialize();
	}

}
