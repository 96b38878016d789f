package dev.credbroker.azure;

import dev.credbroker.IntegrationTest;
import dev.credbroker.support.AzureStandIn;
import org.junit.jupiter.api.Test;

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
 */
class ManagedIdentityIntegrationTests extends IntegrationTest {

	@Test
	void armCallsCarryTheManagedIdentityTokenFetchedAtMostOnce() {
		for (int i = 0; i < 3; i++) {
			AzureStandIn.stubWorkspaceKeys("rg-alpha-1", "ws" + i,
					AzureStandIn.fixture("workspace-list-keys-2024-10-01.json"));
			assertThat(this.http.get("/api/v1/subscriptions/" + AzureStandIn.SUBSCRIPTION
					+ "/resourceGroups/rg-alpha-1/workspaces/ws" + i + "/keys", token()).status()).isEqualTo(200);
		}

		AzureStandIn.server()
			.verify(3, postRequestedFor(urlPathMatching("/subscriptions/.*/listKeys"))
				.withHeader("Authorization", equalTo("Bearer " + AzureStandIn.MANAGED_IDENTITY_TOKEN)));
		int tokenRequests = AzureStandIn.server()
			.countRequestsMatching(getRequestedFor(urlPathEqualTo("/msi/token")).build())
			.getCount();
		assertThat(tokenRequests).isLessThanOrEqualTo(1);
		if (tokenRequests == 1) {
			AzureStandIn.server()
				.verify(getRequestedFor(urlPathEqualTo("/msi/token"))
					.withHeader("X-IDENTITY-HEADER", equalTo(AzureStandIn.IDENTITY_HEADER))
					.withQueryParam("resource", equalTo("https://management.azure.com")));
		}
	}

}
