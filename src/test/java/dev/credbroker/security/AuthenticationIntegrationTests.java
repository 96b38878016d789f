package dev.credbroker.security;

import java.net.URI;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.credbroker.IntegrationTest;
import dev.credbroker.support.Http;
import dev.credbroker.support.TestIssuer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class AuthenticationIntegrationTests extends IntegrationTest {

	private static final String ME = "/api/v1/me";

	@Test
	void meDescribesTheCallerFromItsToken() {
		String token = TestIssuer.token(TestIssuer.TRUSTED, "svc-alpha", Map.of("azp", "client-alpha", "tid",
				"tenant-1", "roles", List.of("team-alpha", "reader"), "groups", "group-1"));

		Http.Response response = this.http.get(ME, token);

		assertThat(response.status()).isEqualTo(200);
		JsonNode me = response.json();
		assertThat(me.get("subject").asString()).isEqualTo("svc-alpha");
		assertThat(me.get("issuer").asString()).isEqualTo(TestIssuer.issuer(TestIssuer.TRUSTED));
		assertThat(me.get("clientId").asString()).isEqualTo("client-alpha");
		assertThat(me.get("tenantId").asString()).isEqualTo("tenant-1");
		assertThat(me.get("roles").valueStream().map(JsonNode::asString)).containsExactly("team-alpha", "reader");
		assertThat(me.get("groups").valueStream().map(JsonNode::asString)).containsExactly("group-1");
		assertThat(response.body()).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
		assertThat(response.header("Cache-Control")).hasValueSatisfying((value) -> assertThat(value).contains("no-store"));
	}

	@Test
	void everyTrustedIssuerIsAccepted() {
		String token = TestIssuer.token(TestIssuer.PARTNER, "svc-partner", Map.of());

		Http.Response response = this.http.get(ME, token);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("issuer").asString()).isEqualTo(TestIssuer.issuer(TestIssuer.PARTNER));
	}

	@Test
	void noTokenGetsABareChallenge() {
		Http.Response response = this.http.get(ME);

		assertUnauthenticated(response);
		assertThat(response.header("WWW-Authenticate")).hasValue("Bearer realm=\"credential-broker\"");
	}

	/**
	 * The API has no session to end: Spring Security's logout filter used to answer a POST to
	 * {@code /logout}, before any authentication, with a redirect to a login page that does not exist.
	 */
	@Test
	void logoutIsNoEndpoint() {
		Http.Response response = this.http.post("/logout", "", null);

		assertUnauthenticated(response);
		assertThat(response.header("Location")).isEmpty();
	}

	@Test
	void aTokenIsValidatedOnceThenRememberedAndAChangedSignatureIsNot(@Autowired MeterRegistry meters) {
		String token = TestIssuer.token(TestIssuer.TRUSTED, "svc-alpha", Map.of("azp", "client-alpha"));
		double hits = verifiedTokenHits(meters);

		assertThat(this.http.get(ME, token).status()).isEqualTo(200);
		assertThat(this.http.get(ME, token).status()).isEqualTo(200);
		assertThat(verifiedTokenHits(meters)).isEqualTo(hits + 1);

		int at = token.length() - 2;
		String tampered = token.substring(0, at) + ((token.charAt(at) == 'A') ? 'B' : 'A') + token.substring(at + 1);
		assertUnauthenticated(this.http.get(ME, tampered));
		assertThat(verifiedTokenHits(meters)).isEqualTo(hits + 1);
	}

	private static double verifiedTokenHits(MeterRegistry meters) {
		return meters.get("cache.gets").tag("cache", "verified-tokens").tag("result", "hit").functionCounter().count();
	}

	@Nested
	class TokenAttacks {

		@Test
		void expired() {
			// Past the 60 s clock skew.
			String token = TestIssuer.token(TestIssuer.TRUSTED, "svc-alpha", List.of(TestIssuer.AUDIENCE), Map.of(),
					-120);

			assertRejected(token);
		}

		@Test
		void wrongAudience() {
			String token = TestIssuer.token(TestIssuer.TRUSTED, "svc-alpha", List.of("api://someone-else"), Map.of(),
					3600);

			assertRejected(token);
		}

		@Test
		void untrustedIssuer() {
			assertRejected(TestIssuer.token(TestIssuer.STRANGER, "svc-alpha", Map.of()));
		}

		@Test
		void unsignedWithAlgNone() {
			assertRejected(new PlainJWT(claims(TestIssuer.issuer(TestIssuer.TRUSTED))).serialize());
		}

		@Test
		void hmacSignedWithTheIssuersPublicKey() throws Exception {
			RSAKey issuerKey = issuerKey();
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(issuerKey.getKeyID()).build(),
					claims(TestIssuer.issuer(TestIssuer.TRUSTED)));
			jwt.sign(new MACSigner(issuerKey.toRSAPublicKey().getEncoded()));

			assertRejected(jwt.serialize());
		}

		@Test
		void validSignatureFromAnUnknownKey() throws Exception {
			RSAKey issuerKey = issuerKey();
			RSAKey stranger = new RSAKeyGenerator(2048).keyID(issuerKey.getKeyID()).generate();
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(stranger.getKeyID()).build(),
					claims(TestIssuer.issuer(TestIssuer.TRUSTED)));
			jwt.sign(new RSASSASigner(stranger));

			assertRejected(jwt.serialize());
		}

		@Test
		void garbage() {
			assertRejected("not-a-jwt-at-all");
			assertRejected("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl");
		}

		@Test
		void malformedAuthorizationHeader() {
			Http.Response response = http.get(ME, "!!!");

			assertUnauthenticated(response);
		}

		private void assertRejected(String token) {
			Http.Response response = http.get(ME, token);

			assertUnauthenticated(response);
			assertThat(response.header("WWW-Authenticate")).hasValueSatisfying((challenge) -> assertThat(challenge)
				.startsWith("Bearer realm=\"credential-broker\", error=\"invalid_token\""));
			for (String part : token.split("\\.")) {
				if (part.length() > 8) {
					assertThat(response.body()).doesNotContain(part);
					assertThat(response.header("WWW-Authenticate").orElseThrow()).doesNotContain(part);
				}
			}
		}

		private static RSAKey issuerKey() throws Exception {
			URI jwks = TestIssuer.server().jwksUrl(TestIssuer.TRUSTED).uri();
			return (RSAKey) JWKSet.load(jwks.toURL()).getKeys().get(0);
		}

		private static JWTClaimsSet claims(String issuer) {
			return new JWTClaimsSet.Builder().issuer(issuer)
				.subject("svc-mallory")
				.audience(TestIssuer.AUDIENCE)
				.issueTime(new Date())
				.expirationTime(new Date(System.currentTimeMillis() + 3_600_000))
				.build();
		}

	}

	static void assertUnauthenticated(Http.Response response) {
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("Content-Type")).hasValue("application/problem+json");
		assertThat(response.json().get("code").asString()).isEqualTo("Unauthenticated");
		assertThat(response.json().get("type").asString()).isEqualTo("urn:credential-broker:problem:unauthenticated");
		assertThat(response.json().get("status").asInt()).isEqualTo(401);
	}


}
