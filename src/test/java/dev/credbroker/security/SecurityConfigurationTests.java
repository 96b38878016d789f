package dev.credbroker.security;

import java.util.ArrayList;
import java.util.List;

import dev.credbroker.CredentialBrokerApplication;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Default deny starts at configuration: a broker that trusts no issuer or requires no audience
 * refuses to start, and says which property to set. The verified-token cache is on unless turned
 * off.
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

	@Test
	void remembersValidatedTokensUnlessTurnedOff() {
		assertThat(remembersTokens()).isTrue();
		assertThat(remembersTokens("--broker.security.token-cache.enabled=false")).isFalse();
	}

	/** Starts the broker, and says whether it remembers tokens and has the cache's meters. */
	private static boolean remembersTokens(String... args) {
		// Ports as arguments: application.yaml's (8080, 8081) win over default properties, and
		// another process on this machine may hold them.
		List<String> all = new ArrayList<>(List.of("--broker.security.issuers=https://issuer.test/trusted",
				"--broker.security.audiences=api://broker", "--server.port=0", "--management.server.port=0"));
		all.addAll(List.of(args));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CredentialBrokerApplication.class)
			.properties("broker.policy.location=classpath:dev/credbroker/policy/test-policies.yaml")
			.run(all.toArray(String[]::new))) {
			boolean remembers = context.getBean(TrustedIssuers.class).remembersTokens();
			boolean meters = context.getBean(MeterRegistry.class)
				.find("cache.gets")
				.tag("cache", VerifiedTokens.CACHE_NAME)
				.functionCounter() != null;
			assertThat(meters).as("the cache's meters").isEqualTo(remembers);
			return remembers;
		}
	}

	private static void start(String... args) {
		new SpringApplicationBuilder(CredentialBrokerApplication.class).properties("server.port=0",
				"broker.policy.location=classpath:dev/credbroker/policy/test-policies.yaml").run(args).close();
	}

}
