package dev.credbroker.security;

import dev.credbroker.support.AuditLog;
import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.Http;
import dev.credbroker.support.KeyCountingIssuer;
import dev.credbroker.support.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token's key id is the sender's choice. Tokens naming a trusted issuer, a key id the broker does
 * not know and a signature of random bytes cost no download of the issuer's keys beyond the rate
 * limit (the default, 30 s): fifty in a row are each answered 401, and the issuer's JWK Set is
 * fetched at most twice in all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JwksRateLimitIntegrationTests {

	private static final KeyCountingIssuer issuer = new KeyCountingIssuer();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void brokerProperties(DynamicPropertyRegistry registry) {
		registry.add("broker.security.issuers", issuer::issuer);
		registry.add("broker.security.audiences", () -> TestIssuer.AUDIENCE);
		registry.add("broker.arm.endpoint", AzureStandIn::armEndpoint);
		registry.add("broker.policy.location", () -> "classpath:dev/credbroker/policy/resilience-policies.yaml");
		registry.add("broker.audit.sink", () -> "file");
		registry.add("broker.audit.file.path", AuditLog::scratchFile);
	}

	@AfterAll
	static void stopIssuer() {
		issuer.close();
	}

	@Test
	void tokensOfKeysTheIssuerNeverHadCostAtMostTwoFetchesOfItsKeys() {
		Http http = new Http(this.port);
		assertThat(http.get("/api/v1/me", issuer.token("svc-alpha")).status()).isEqualTo(200);

		for (int i = 0; i < 50; i++) {
			Http.Response response = http.get("/api/v1/me", issuer.tokenOfAnUnknownKey());

			assertThat(response.status()).isEqualTo(401);
			assertThat(response.header("WWW-Authenticate")).hasValueSatisfying(
					(challenge) -> assertThat(challenge).contains("error=\"invalid_token\""));
		}

		assertThat(issuer.jwksFetches()).isBetween(1, 2);
		assertThat(http.get("/api/v1/me", issuer.token("svc-alpha")).status()).isEqualTo(200);
	}

}
