package dev.credbroker;

import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.credbroker.secrets.SecretKind;
import dev.credbroker.secrets.SecretKinds;
import dev.credbroker.support.ArmStubs;
import dev.credbroker.support.Fixtures;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * A simulated Azure Resource Manager for the local run: one demo workspace with a compute of each
 * secret-bearing type and one without secrets, an online endpoint with keys and one with a token,
 * a batch and a serverless endpoint, an Azure OpenAI connection with an API key and a CustomKeys
 * connection, a datastore with an account key and one with a SAS; plus the managed-identity
 * endpoint. Every value in it is made up.
 */
final class LocalAzure {

	static final String SUBSCRIPTION = "00000000-0000-4000-8000-000000000001";

	static final String RESOURCE_GROUP = "rg-demo";

	static final String WORKSPACE = "ws-demo";

	static final String IDENTITY_HEADER = "local-identity-header";

	private static final String TOKEN = "local-managed-identity-token";

	private LocalAzure() {
	}

	static WireMockServer start(int port) {
		WireMockServer server = new WireMockServer(
				WireMockConfiguration.options().bindAddress("127.0.0.1").port(port).disableRequestJournal());
		server.start();
		server.stubFor(ArmStubs.identity(IDENTITY_HEADER, TOKEN));
		server.stubFor(ArmStubs.refuseOtherCalls());
		String workspace = ArmStubs.workspacePath(SUBSCRIPTION, RESOURCE_GROUP, WORKSPACE);
		server.stubFor(ArmStubs.listKeys(workspace, "2024-10-01", TOKEN)
			.willReturn(fixture("workspace-list-keys-all-fields.json")));
		compute(server, "aks-demo", "compute-list-keys-aks.json");
		compute(server, "dbx-demo", "compute-list-keys-databricks.json");
		compute(server, "vm-demo", "compute-list-keys-virtual-machine.json");
		compute(server, "cpu-cluster", "compute-list-keys-aml-compute.json");
		below(server, SecretKinds.ONLINE_ENDPOINT, "churn-scorer", fixture("online-endpoint-list-keys.json"));
		// A token good for an hour from each call, to be refreshed after half an hour, as Azure's are.
		below(server, SecretKinds.ONLINE_ENDPOINT_TOKEN, "churn-scorer-aml", okJson("""
				{"accessToken": "local-online-endpoint-token-{{randomValue length=32 type='ALPHANUMERIC'}}",
				 "tokenType": "Bearer", "expiryTimeUtc": {{now offset='1 hours' format='unix'}},
				 "refreshAfterTimeUtc": {{now offset='30 minutes' format='unix'}} }""")
			.withTransformers("response-template")
			.withHeader("x-ms-request-id", UUID.randomUUID().toString()));
		below(server, SecretKinds.BATCH_ENDPOINT, "nightly-scoring", fixture("batch-endpoint-list-keys.json"));
		below(server, SecretKinds.SERVERLESS_ENDPOINT, "llama-chat", fixture("serverless-endpoint-list-keys.json"));
		below(server, SecretKinds.CONNECTION, "aoai-demo", fixture("connection-list-secrets-api-key.json"));
		below(server, SecretKinds.CONNECTION, "partner-api", fixture("connection-list-secrets-custom-keys.json"));
		below(server, SecretKinds.DATASTORE, "blob-key", fixture("datastore-list-secrets-account-key.json"));
		below(server, SecretKinds.DATASTORE, "blob-sas", fixture("datastore-list-secrets-sas.json"));
		server.stubFor(post(urlPathMatching("/subscriptions/.*/(listKeys|listkeys|token|listsecrets|listSecrets)"))
			.withHeader("Authorization", equalTo("Bearer " + TOKEN))
			.atPriority(5)
			.willReturn(aResponse().withStatus(404)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"error\":{\"code\":\"ResourceNotFound\",\"message\":\"The resource was not found.\"}}")));
		return server;
	}

	private static void compute(WireMockServer server, String name, String fixture) {
		String compute = ArmStubs.computePath(SUBSCRIPTION, RESOURCE_GROUP, WORKSPACE, name);
		server.stubFor(ArmStubs.listKeys(compute, "2025-09-01", TOKEN).willReturn(fixture(fixture)));
	}

	private static void below(WireMockServer server, SecretKind<?> kind, String name, ResponseDefinitionBuilder response) {
		server.stubFor(ArmStubs.secrets(kind, ArmStubs.workspacePath(SUBSCRIPTION, RESOURCE_GROUP, WORKSPACE), name, TOKEN)
			.willReturn(response));
	}

	private static ResponseDefinitionBuilder fixture(String name) {
		return okJson(Fixtures.azure(name)).withHeader("x-ms-request-id", UUID.randomUUID().toString());
	}

}
