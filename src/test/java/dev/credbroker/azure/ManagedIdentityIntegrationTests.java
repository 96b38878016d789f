package dev.credbroker.azure;

import dev.credbroker.IntegrationTest;
import dev.credbroker.support.AzureStandIn;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real azure-identity credential, configured by Spring Cloud Azure from the App Service
 * variables Surefire sets, fetches the broker's token from the stand-in identity endpoint; ARM
 * accepts no other token. The token is cached, not fetched per call.
 * <p>
 * A context of its own, with a user-assigned identity (as the Helm chart configures one) that no
 * other test uses: the shared context's credential has long cached its token, and MSAL keeps
 * managed-identity tokens in one cache per JVM, keyed by identity, so only an identity of its own
 * makes this test see the first fetch.
 */
@TestPropertySource(properties = "spring.cloud.azure.credential.client-id="
		+ ManagedIdentityIntegrationTests.CLIENT_ID)
class ManagedIdentityIntegrationTests extends IntegrationTest {

	static final String CLIENT_ID = "00000000-0000-4000-8000-00000000c11d";

	@Test
	void armCallsCarryTheManagedIdentityTokenFetchedOnce() {
		assertThat(AzureStandIn.allCalls()).as("nothing has reached the stand-in since its reset").isZero();

		for (int i = 0; i < 3; i++) {
			AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws" + i,
					AzureStandIn.fixture("workspace-list-keys-2024-10-01.json"));
			assertThat(this.http.get("/api/v1/subscriptions/" + AzureStandIn.SUBSCRIPTION
					+ "/resourceGroups/rg-alpha-1/workspaces/ws" + i + "/keys", token()).status()).isEqualTo(200);
		}

		AzureStandIn.server()
			.verify(3, postRequestedFor(urlPathMatching("/subscriptions/.*/listKeys"))
				.withHeader("Authorization", equalTo("Bearer " + AzureStandIn.MANAGED_IDENTITY_TOKEN)));
		AzureStandIn.server().verify(1, getRequestedFor(urlPathEqualTo("/msi/token")));
		AzureStandIn.server()
			.verify(1, getRequestedFor(urlPathEqualTo("/msi/token"))
				.withHeader("X-IDENTITY-HEADER", equalTo(AzureStandIn.IDENTITY_HEADER))
				.withQueryParam("api-version", equalTo("2019-08-01"))
				.withQueryParam("resource", equalTo("https://management.azure.com"))
				.withQueryParam("client_id", equalTo(CLIENT_ID)));
	}

}
