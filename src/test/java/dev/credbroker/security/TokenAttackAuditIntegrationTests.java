package dev.credbroker.security;

import java.net.URI;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.credbroker.IntegrationTest;
import dev.credbroker.support.AuditLog;
import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.Http;
import dev.credbroker.support.TestIssuer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every token attack on the keys API is refused with 401 and leaves exactly one audit record, of a
 * request with no caller, that holds no piece of the token: a record must never become the place
 * where an attacker's (or a victim's stolen) token is kept.
 */
class TokenAttackAuditIntegrationTests extends IntegrationTest {

	private static final String KEYS = "/api/v1/subscriptions/" + AzureStandIn.SUBSCRIPTION
			+ "/resourceGroups/rg-alpha-1/workspaces/ws1/keys";

	/** Long enough that a match is no accident, short enough to catch a token cut to pieces. */
	private static final int FRAGMENT = 8;

	@ParameterizedTest
	@EnumSource
	void leavesOneRecordWithNoCallerAndNoPieceOfTheToken(Attack attack) {
		AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws1", AzureStandIn.fixture("workspace-list-keys-all-fields.json"));
		String token = attack.token();
		AuditLog.Trace trace = AuditLog.trace();

		Http.Response response = this.http.get(KEYS, token, trace.header());

		assertThat(response.status()).isEqualTo(401);
		JsonNode record = trace.record();
		assertThat(record.get("status").asInt()).isEqualTo(401);
		assertThat(record.get("decision").asString()).isEqualTo("deny");
		assertThat(record.get("reason").asString()).isEqualTo("unauthenticated");
		assertThat(record.get("action").asString()).isEqualTo("workspace.listKeys");
		assertThat(record.has("caller")).as("a caller taken from a token that was refused").isFalse();
		assertThat(record.get("teams").isEmpty()).isTrue();
		assertThat(record.get("grants").isEmpty()).isTrue();
		assertThat(record.has("upstream")).isFalse();
		assertThat(AzureStandIn.armCalls()).isZero();
		String text = record.toString();
		assertThat(text).doesNotContain(token);
		assertThat(fragments(token)).as("pieces of the token").allSatisfy((piece) -> assertThat(text).doesNotContain(piece));
		assertThat(AuditLog.text()).doesNotContain(token);
	}

	/** Every {@value #FRAGMENT}-character piece of each of the token's segments. */
	private static List<String> fragments(String token) {
		List<String> fragments = new ArrayList<>();
		for (String segment : token.split("\\.")) {
			for (int i = 0; i + FRAGMENT <= segment.length(); i++) {
				fragments.add(segment.substring(i, i + FRAGMENT));
			}
		}
		assertThat(fragments).as("a token with segments to look for").isNotEmpty();
		return fragments;
	}

	enum Attack {

		UNTRUSTED_ISSUER(() -> TestIssuer.token(TestIssuer.STRANGER, "svc-mallory", Map.of("azp", "client-alpha"))),

		ALG_NONE(() -> new PlainJWT(claims()).serialize()),

		// Past the 60 s clock skew.
		EXPIRED(() -> TestIssuer.token(TestIssuer.TRUSTED, "svc-alpha", List.of(TestIssuer.AUDIENCE),
				Map.of("azp", "client-alpha"), -120)),

		/** HS256, with the trusted issuer's RSA public key as the HMAC secret. */
		KEY_CONFUSION(Attack::signedWithThePublicKeyAsSecret),

		WRONG_AUDIENCE(() -> TestIssuer.token(TestIssuer.TRUSTED, "svc-alpha", List.of("api://someone-else"),
				Map.of("azp", "client-alpha"), 3600));

		private final Supplier<String> token;

		Attack(Supplier<String> token) {
			this.token = token;
		}

		String token() {
			return this.token.get();
		}

		private static String signedWithThePublicKeyAsSecret() {
			try {
				URI jwks = TestIssuer.server().jwksUrl(TestIssuer.TRUSTED).uri();
				RSAKey issuerKey = (RSAKey) JWKSet.load(jwks.toURL()).getKeys().get(0);
				SignedJWT jwt = new SignedJWT(
						new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(issuerKey.getKeyID()).build(), claims());
				jwt.sign(new MACSigner(issuerKey.toRSAPublicKey().getEncoded()));
				return jwt.serialize();
			}
			catch (JOSEException | java.io.IOException | java.text.ParseException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/** Claims the trusted issuer could have issued to the platform team's client. */
		private static JWTClaimsSet claims() {
			return new JWTClaimsSet.Builder().issuer(TestIssuer.issuer(TestIssuer.TRUSTED))
				.subject("svc-mallory")
				.audience(TestIssuer.AUDIENCE)
				.claim("azp", "client-alpha")
				.issueTime(new Date())
				.expirationTime(new Date(System.currentTimeMillis() + 3_600_000))
				.build();
		}

	}

}
