package dev.credbroker.security;

import dev.credbroker.CredentialBrokerApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Default deny starts at configuration: a broker that trusts no issuer or requires no audience
 * refuses to start, and says which property to set.
 */
class SecurityConfigurationTests {

	@Test
	void refusesToStartWithoutATrustedIssuer() {
		assertThatException().isThrownBy(() -> start("--broker.security.audiences=api://broker"))
			.havingRootCause()
			.withMessageContaining("broker.security.issuers");
	}

	@Test
	void refusesToStartWithoutAnAudience() {
		assertThatException().isThrownBy(() -> start("--broker.security.issuers=https://issuer.example"))
			.havingRootCause()
			.withMessageContaining("broker.security.audiences");
	}

	@Test
	void refusesAJwksRateLimitThatTheKeysCacheWouldOutlast() {
		assertThatException()
			.isThrownBy(() -> start("--broker.security.issuers=https://issuer.example",
					"--broker.security.audiences=api://broker", "--broker.security.jwks-rate-limit=5m"))
			.havingRootCause()
			.withMessageContaining("broker.security.jwks-rate-limit");
	}

	private static void start(String... args) {
		new SpringApplicationBuilder(CredentialBrokerApplication.class).properties("server.port=0",
				"broker.policy.location=classpath:dev/credbroker/policy/test-policies.yaml").run(args).close();
	}

}
