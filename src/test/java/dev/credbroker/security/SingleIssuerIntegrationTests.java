package dev.credbroker.security;

import java.util.Map;

import dev.credbroker.support.AuditLog;
import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.Http;
import dev.credbroker.support.TestIssuer;
import dev.credbroker.support.TestPolicies;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's own single {@code issuer-uri} property is enough to configure the broker.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SingleIssuerIntegrationTests {

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void brokerProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> TestIssuer.issuer(TestIssuer.TRUSTED));
		registry.add("broker.security.audiences", () -> TestIssuer.AUDIENCE);
		registry.add("broker.arm.endpoint", AzureStandIn::armEndpoint);
		registry.add("broker.audit.sink", () -> "file");
		registry.add("broker.audit.file.path", AuditLog::scratchFile);
		registry.add("broker.policy.location", () -> TestPolicies.location("test-policies.yaml"));
	}

	@Test
	void trustsTheSingleIssuerAndNoOther() {
		Http http = new Http(this.port);

		assertThat(http.get("/api/v1/me", TestIssuer.token(TestIssuer.TRUSTED, "svc-alpha", Map.of())).status())
			.isEqualTo(200);
		assertThat(http.get("/api/v1/me", TestIssuer.token(TestIssuer.PARTNER, "svc-alpha", Map.of())).status())
			.isEqualTo(401);
	}

}
