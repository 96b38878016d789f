package dev.credbroker.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.azure.identity.DefaultAzureCredentialBuilder;
import dev.credbroker.support.AuditLog;
import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.TestIssuer;
import dev.credbroker.support.TestPolicies;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.HttpClientErrorException;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The ways of calling the broker that {@code docs/calling-the-broker.md} shows, end to end with the
 * example client {@link CredentialBroker}: an Azure service whose managed identity gets a token for
 * the broker's app registration (from the simulated App Service identity endpoint, the token signed
 * by the test issuer standing in for Entra ID), and pods with projected Kubernetes service account
 * tokens from a second issuer standing in for the cluster's, matched by namespace and by subject.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CallingTheBrokerIntegrationTests {

	/** Stands in for the Entra ID tenant. */
	private static final String ENTRA = "entra";

	/** Stands in for the AKS cluster's OIDC issuer. */
	private static final String CLUSTER = "cluster";

	/** The broker's app registration's application (client) ID: the audience of Entra ID's v2 tokens. */
	private static final String BROKER_APP_ID = "0d6b2a4e-0000-4000-8000-00000000b70c";

	/** Its application ID URI, whose scope the callers ask for. */
	private static final String BROKER_APP = "api://" + BROKER_APP_ID;

	private static final String SUBSCRIPTION = AzureStandIn.SUBSCRIPTION;

	@LocalServerPort
	private int port;

	@TempDir
	Path directory;

	@DynamicPropertySource
	static void brokerProperties(DynamicPropertyRegistry registry) {
		registry.add("broker.security.issuers[0]", () -> TestIssuer.issuer(ENTRA));
		registry.add("broker.security.issuers[1]", () -> TestIssuer.issuer(CLUSTER));
		registry.add("broker.security.audiences[0]", () -> BROKER_APP_ID);
		registry.add("broker.security.audiences[1]", () -> "credential-broker");
		registry.add("broker.policy.location", () -> TestPolicies.location("calling-policies.yaml"));
		registry.add("broker.arm.endpoint", AzureStandIn::armEndpoint);
		registry.add("spring.cloud.azure.credential.managed-identity-enabled", () -> "true");
		registry.add("broker.audit.sink", () -> "file");
		registry.add("broker.audit.file.path", AuditLog::scratchFile);
		registry.add("broker.redaction.fingerprint-key", () -> "calling-the-broker-fingerprint-key-32-bytes");
		registry.add("broker.audit.chain-key", () -> "calling-the-broker-audit-chain-key-32-bytes");
	}

	@BeforeEach
	void azure() {
		AzureStandIn.reset();
		AzureStandIn.stubWorkspaceKeys("rg-ml-training", "ws-training",
				AzureStandIn.fixture("workspace-list-keys-2024-10-01.json"));
		AzureStandIn.stubComputeKeys("rg-ml-serving", "ws-serving", "aks-serving",
				AzureStandIn.fixture("compute-list-keys-aks.json"));
	}

	private String brokerUrl() {
		return "http://localhost:" + this.port;
	}

	@Nested
	class FromAnAzureService {

		@BeforeEach
		void managedIdentityGetsTokensForTheBroker() {
			// Entra ID's answer to the service's managed identity asking for the broker's app: a v2 token
			// for the app's client ID, with the app role assigned to the identity.
			String token = TestIssuer.token(ENTRA, "0d6b2a4e-0000-4000-8000-00000000c0de", List.of(BROKER_APP_ID),
					Map.of("azp", "0d6b2a4e-0000-4000-8000-00000000a2b1", "roles", List.of("ml-training")), 3600);
			AzureStandIn.server()
				.stubFor(get(urlPathEqualTo("/msi/token")).atPriority(1)
					.withQueryParam("resource", equalTo(BROKER_APP))
					.withHeader("X-IDENTITY-HEADER", equalTo(AzureStandIn.IDENTITY_HEADER))
					.willReturn(okJson("{\"access_token\":\"" + token + "\",\"expires_on\":\""
							+ Instant.now().plusSeconds(3600).getEpochSecond() + "\",\"resource\":\"" + BROKER_APP
							+ "\",\"token_type\":\"Bearer\"}")));
		}

		@Test
		void revealsARegistryPasswordWithTheManagedIdentitysToken() {
			String brokerUrl = brokerUrl();
			String brokerAppId = BROKER_APP_ID;
			String subscriptionId = SUBSCRIPTION;
			// tag::azure[]
			CredentialBroker broker = CredentialBroker.create(brokerUrl,
					CredentialBroker.azureTokens(new DefaultAzureCredentialBuilder().build(), "api://" + brokerAppId));

			CredentialBroker.Keys keys = broker.workspaceKeys(subscriptionId, "rg-ml-training", "ws-training",
					"containerRegistry.passwords.password");
			String password = keys.value("containerRegistry.passwords.password");
			// end::azure[]

			assertThat(password).isEqualTo("<value>");
			assertThat(keys.secrets().get("containerRegistry.passwords.password2").redacted()).isTrue();
			assertThat(keys.secrets().get("containerRegistry.passwords.password2").fingerprint())
				.startsWith("hmac-sha256:");
		}

	}

	@Nested
	class FromAPod {

		@Test
		void aPodOfTheNamespaceRevealsARegistryPassword() throws IOException {
			Path tokenFile = tokenFile("ml-training", "trainer");
			String brokerUrl = brokerUrl();
			String subscriptionId = SUBSCRIPTION;
			// tag::kubernetes[]
			// The projected volume of the pod spec in docs/calling-the-broker.md
			// (tokenFile = Path.of("/var/run/secrets/credential-broker/token")).
			CredentialBroker broker = CredentialBroker.create(brokerUrl, CredentialBroker.kubernetesToken(tokenFile));

			String password = broker
				.workspaceKeys(subscriptionId, "rg-ml-training", "ws-training", "containerRegistry.passwords.password")
				.value("containerRegistry.passwords.password");
			// end::kubernetes[]

			assertThat(password).isEqualTo("<value>");
		}

		@Test
		void aServiceAccountMatchedBySubjectRevealsItsKubeconfig() throws IOException {
			CredentialBroker broker = CredentialBroker.create(brokerUrl(),
					CredentialBroker.kubernetesToken(tokenFile("ml-serving", "deployer")));

			assertThat(broker.computeKeys(SUBSCRIPTION, "rg-ml-serving", "ws-serving", "aks-serving", "aks.userKubeConfig")
				.value("aks.userKubeConfig")).isEqualTo("user kube config...");
		}

		@Test
		void anotherServiceAccountOfTheNamespaceIsRefused() throws IOException {
			CredentialBroker broker = CredentialBroker.create(brokerUrl(),
					CredentialBroker.kubernetesToken(tokenFile("ml-serving", "default")));

			assertThatExceptionOfType(HttpClientErrorException.Forbidden.class)
				.isThrownBy(() -> broker.computeKeys(SUBSCRIPTION, "rg-ml-serving", "ws-serving", "aks-serving", null))
				.satisfies((ex) -> assertThat(ex.getResponseBodyAsString()).contains("\"code\":\"PolicyDenied\"")
					.contains("no-team"));
			assertThat(AzureStandIn.armCalls()).isZero();
		}

		@Test
		void aNamespaceClaimFromTheOtherIssuerCountsForNothing() throws IOException {
			// Signed by the issuer standing in for Entra ID, with the claims of a pod of ml-training.
			Path forged = Files.writeString(CallingTheBrokerIntegrationTests.this.directory.resolve("entra-token"),
					TestIssuer.token(ENTRA, "system:serviceaccount:ml-training:trainer", List.of(BROKER_APP_ID),
							Map.of("kubernetes.io", Map.of("namespace", "ml-training")), 600));

			assertThatExceptionOfType(HttpClientErrorException.Forbidden.class)
				.isThrownBy(() -> CredentialBroker.create(brokerUrl(), CredentialBroker.kubernetesToken(forged))
					.workspaceKeys(SUBSCRIPTION, "rg-ml-training", "ws-training", null));
		}

		@Test
		void aTokenForAnotherAudienceIsRefused() throws IOException {
			Path elsewhere = Files.writeString(CallingTheBrokerIntegrationTests.this.directory.resolve("vault-token"),
					kubernetesToken("ml-training", "trainer", "vault"));

			assertThatExceptionOfType(HttpClientErrorException.Unauthorized.class)
				.isThrownBy(() -> CredentialBroker.create(brokerUrl(), CredentialBroker.kubernetesToken(elsewhere))
					.workspaceKeys(SUBSCRIPTION, "rg-ml-training", "ws-training", null));
		}

		/** The file the kubelet writes for a projected service account token of audience credential-broker. */
		private Path tokenFile(String namespace, String serviceAccount) throws IOException {
			return Files.writeString(CallingTheBrokerIntegrationTests.this.directory.resolve(namespace + "-token"),
					kubernetesToken(namespace, serviceAccount, "credential-broker") + "\n");
		}

		/** A token shaped as a cluster's OIDC issuer signs it for a pod's service account. */
		private static String kubernetesToken(String namespace, String serviceAccount, String audience) {
			return TestIssuer.token(CLUSTER, "system:serviceaccount:" + namespace + ":" + serviceAccount,
					List.of(audience),
					Map.of("kubernetes.io",
							Map.of("namespace", namespace, "pod",
									Map.of("name", serviceAccount + "-7c9f5d6b8-x2x4q", "uid", UUID.randomUUID().toString()),
									"serviceaccount", Map.of("name", serviceAccount, "uid", UUID.randomUUID().toString()))),
					3600);
		}

	}

}
