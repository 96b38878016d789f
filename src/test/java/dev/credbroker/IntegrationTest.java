package dev.credbroker;

import java.util.Map;

import dev.credbroker.secrets.CacheReset;
import dev.credbroker.support.AuditLog;
import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.Http;
import dev.credbroker.support.TestIssuer;
import dev.credbroker.support.TestPolicies;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
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

	/** Known to the tests, so that they can compute the fingerprints the broker shows. */
	protected static final String FINGERPRINT_KEY = "test-fingerprint-key-of-at-least-32-characters";

	/** Known to the tests, so that they can verify the audit trail. */
	protected static final String CHAIN_KEY = "test-audit-chain-key-of-the-shared-context";

	@LocalServerPort
	private int port;

	protected Http http;

	@DynamicPropertySource
	static void brokerProperties(DynamicPropertyRegistry registry) {
		registry.add("broker.security.issuers[0]", () -> TestIssuer.issuer(TestIssuer.TRUSTED));
		registry.add("broker.security.issuers[1]", () -> TestIssuer.issuer(TestIssuer.PARTNER));
		registry.add("broker.security.audiences[0]", () -> TestIssuer.AUDIENCE);
		registry.add("broker.arm.endpoint", AzureStandIn::armEndpoint);
		registry.add("broker.policy.location", () -> TestPolicies.location("test-policies.yaml"));
		registry.add("broker.arm.response-timeout", () -> "2s");
		registry.add("spring.cloud.azure.credential.managed-identity-enabled", () -> "true");
		registry.add("broker.audit.sink", () -> "file");
		registry.add("broker.audit.file.path", () -> AuditLog.file().toString());
		registry.add("broker.redaction.fingerprint-key", () -> FINGERPRINT_KEY);
		registry.add("broker.audit.chain-key", () -> CHAIN_KEY);
		// Resilience is tested in ResilienceIntegrationTests; here it must neither slow the suite
		// nor open the circuit because other tests make ARM fail on purpose.
		registry.add("resilience4j.retry.instances.arm.wait-duration", () -> "20ms");
		registry.add("resilience4j.timelimiter.instances.arm.timeout-duration", () -> "5s");
		registry.add("resilience4j.circuitbreaker.instances.arm.sliding-window-size", () -> "1000");
		registry.add("resilience4j.circuitbreaker.instances.arm.minimum-number-of-calls", () -> "1000");
		registry.add("broker.arm.budget.rate-per-second", () -> "1000");
		registry.add("broker.arm.budget.burst", () -> "1000");
	}

	@Autowired
	private ApplicationContext context;

	@BeforeEach
	void resetAzure() {
		this.http = new Http(this.port);
		AzureStandIn.reset();
		CacheReset.evictAll(this.context);
	}

	protected static String token() {
		return TestIssuer.token(TestIssuer.TRUSTED, "svc-alpha", Map.of("azp", "client-alpha"));
	}

}
