package dev.credbroker;

import java.util.Map;

import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.Http;
import dev.credbroker.support.TestIssuer;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one configuration integration tests share, hence one cached Spring context: the broker on a
 * random port, trusting two issuers of the shared {@link TestIssuer}, calling the shared
 * {@link AzureStandIn} with the real azure-identity managed-identity credential.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {

	@LocalServerPort
	private int port;

	protected Http http;

	@DynamicPropertySource
	static void brokerProperties(DynamicPropertyRegistry registry) {
		registry.add("broker.security.issuers[0]", () -> TestIssuer.issuer(TestIssuer.TRUSTED));
		registry.add("broker.security.issuers[1]", () -> TestIssuer.issuer(TestIssuer.PARTNER));
		registry.add("broker.security.audiences[0]", () -> TestIssuer.AUDIENCE);
		registry.add("broker.arm.endpoint", AzureStandIn::armEndpoint);
		registry.add("broker.policy.location", () -> "classpath:dev/credbroker/policy/test-policies.yaml");
		registry.add("broker.arm.response-timeout", () -> "2s");
		registry.add("spring.cloud.azure.credential.managed-identity-enabled", () -> "true");
	}

	@BeforeEach
	void resetAzure() {
		this.http = new Http(this.port);
		AzureStandIn.reset();
	}

	protected static String token() {
		return TestIssuer.token(TestIssuer.TRUSTED, "svc-alpha", Map.of("azp", "client-alpha"));
	}

}
