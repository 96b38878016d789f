package dev.credbroker.fleet;

import java.time.Duration;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.credbroker.support.AzureStandIn;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * Entra ID tokens for Redis from the managed-identity stand-in, for a user-assigned identity of a
 * test's own (its client id): MSAL holds tokens per identity, so none of the brokers' is reused,
 * and the stand-in's other answers stay as they are.
 */
final class RedisTokens {

	private RedisTokens() {
	}

	/**
	 * Makes the stand-in answer the identity's requests for Redis tokens so, one answer after the
	 * other, the last for good.
	 * @param clientId the identity
	 * @param responses the answers
	 */
	static void stub(String clientId, ResponseDefinitionBuilder... responses) {
		for (int i = 0; i < responses.length; i++) {
			ScenarioMappingBuilder stub = get(urlPathEqualTo("/msi/token")).withQueryParam("client_id", equalTo(clientId))
				.withQueryParam("resource", equalTo("https://redis.azure.com"))
				.inScenario("redis-token-" + clientId)
				.whenScenarioStateIs((i == 0) ? Scenario.STARTED : "answer-" + i)
				.atPriority(1)
				.willReturn(responses[i]);
			AzureStandIn.server().stubFor((i < responses.length - 1) ? stub.willSetStateTo("answer-" + (i + 1)) : stub);
		}
	}

	/**
	 * A token that expires so long after it is handed out: the stand-in's template reads its clock
	 * then, not when the test stubs it.
	 * @param token the token
	 * @param lifetime its lifetime
	 * @return the answer
	 */
	static ResponseDefinitionBuilder token(String token, Duration lifetime) {
		return okJson("{\"access_token\":\"" + token + "\",\"expires_on\":\"{{now offset='" + lifetime.toSeconds()
				+ " seconds' format='unix'}}\",\"resource\":\"https://redis.azure.com\",\"token_type\":\"Bearer\"}")
			.withTransformers("response-template");
	}

	/**
	 * @param clientId the identity
	 * @return how many tokens of any kind it asked for
	 */
	static int requests(String clientId) {
		return AzureStandIn.server()
			.findAll(getRequestedFor(urlPathEqualTo("/msi/token")).withQueryParam("client_id", equalTo(clientId)))
			.size();
	}

}
