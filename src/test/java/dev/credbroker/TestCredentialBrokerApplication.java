package dev.credbroker;

import dev.credbroker.support.Fixtures;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;

import org.springframework.boot.SpringApplication;

/**
 * The local run ({@code ./mvnw spring-boot:test-run}): the broker with a real local OIDC issuer
 * and a simulated Azure Resource Manager, so nothing outside the machine is needed. Test scope
 * only: none of this is in the production jar.
 *
 * <p>The broker reaches the simulated managed-identity endpoint through {@code IDENTITY_ENDPOINT}
 * and {@code IDENTITY_HEADER}, which the Spring Boot Maven plugin sets for this run.
 */
public final class TestCredentialBrokerApplication {

	static final int ISSUER_PORT = Integer.getInteger("local.issuer.port", 8180);

	static final int AZURE_PORT = Integer.getInteger("local.azure.port", 8181);

	static final String AUDIENCE = "api://credential-broker";

	private TestCredentialBrokerApplication() {
	}

	public static void main(String[] args) {
		MockOAuth2Server issuer = new MockOAuth2Server(OAuth2Config.Companion.fromJson(Fixtures.resource("/dev/credbroker/local/issuer.json")));
		issuer.start(ISSUER_PORT);
		LocalAzure.start(AZURE_PORT);
		System.setProperty("broker.security.issuers", "http://localhost:" + ISSUER_PORT + "/local");
		System.setProperty("broker.security.audiences", AUDIENCE);
		System.setProperty("broker.arm.endpoint", "http://127.0.0.1:" + AZURE_PORT);
		System.setProperty("spring.cloud.azure.credential.managed-identity-enabled", "true");
		// From the source tree, so that editing it shows the policy reload at work.
		System.setProperty("broker.policy.location", "file:src/test/resources/dev/credbroker/local/policies.yaml");
		SpringApplication.from(CredentialBrokerApplication::main).run(args);
	}

}
