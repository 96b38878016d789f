package dev.credbroker.support;

import java.util.UUID;

import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.credbroker.secrets.SecretKind;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * WireMock standing in for Azure Resource Manager and for the App Service managed-identity
 * endpoint, started once per JVM. It listens on the fixed loopback port that Surefire's
 * {@code IDENTITY_ENDPOINT} names, so the real azure-identity credential in the broker fetches its
 * token here, and ARM answers only when that token is presented.
 */
public final class AzureStandIn {

	public static final String IDENTITY_HEADER = "test-identity-header";

	/** The token the managed-identity stand-in hands out; ARM accepts no other. */
	public static final String MANAGED_IDENTITY_TOKEN = "mi-token-" + UUID.randomUUID();

	public static final String SUBSCRIPTION = "00000000-0000-4000-8000-0000000000a1";

	public static final String WORKSPACES_API_VERSION = "2024-10-01";

	public static final String COMPUTES_API_VERSION = "2025-09-01";

	private static final WireMockServer server = start();

	private AzureStandIn() {
	}

	private static WireMockServer start() {
		int port = Integer.getInteger("test.identity.port", 18089);
		WireMockServer server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").port(port));
		server.start();
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
		server.stubFor(ArmStubs.identity(IDENTITY_HEADER, MANAGED_IDENTITY_TOKEN));
		warmUpIdentityClient();
		return server;
	}

	/**
	 * Fetches one token here, for an identity no broker uses, with the same azure-identity and MSAL
	 * classes the brokers load: on a loaded machine their first fetch took longer than a broker
	 * waits for ARM, and failed whichever test made the JVM's first ARM call. The identity is
	 * another, so the brokers' own tokens stay unfetched (MSAL caches per JVM, by identity).
	 */
	private static void warmUpIdentityClient() {
		new ManagedIdentityCredentialBuilder().clientId(UUID.randomUUID().toString())
			.build()
			.getTokenSync(new TokenRequestContext().addScopes("https://management.azure.com/.default"));
	}

	public static WireMockServer server() {
		return server;
	}

	/** @return the base URL to give the broker as {@code broker.arm.endpoint} */
	public static String armEndpoint() {
		return "http://127.0.0.1:" + server.port();
	}

	/** Forgets every ARM stub and recorded request; the identity endpoint stays. */
	public static void reset() {
		server.resetAll();
		server.stubFor(ArmStubs.identity(IDENTITY_HEADER, MANAGED_IDENTITY_TOKEN));
		server.stubFor(ArmStubs.refuseOtherCalls());
	}

	public static String workspacePath(String resourceGroup, String workspace) {
		return ArmStubs.workspacePath(SUBSCRIPTION, resourceGroup, workspace);
	}

	public static String computePath(String resourceGroup, String workspace, String compute) {
		return ArmStubs.computePath(SUBSCRIPTION, resourceGroup, workspace, compute);
	}

	public static void stubWorkspaceKeys(String resourceGroup, String workspace, ResponseDefinitionBuilder response) {
		server.stubFor(ArmStubs.listKeys(workspacePath(resourceGroup, workspace), WORKSPACES_API_VERSION,
				MANAGED_IDENTITY_TOKEN)
			.willReturn(response));
	}

	public static void stubComputeKeys(String resourceGroup, String workspace, String compute,
			ResponseDefinitionBuilder response) {
		server.stubFor(ArmStubs.listKeys(computePath(resourceGroup, workspace, compute), COMPUTES_API_VERSION,
				MANAGED_IDENTITY_TOKEN)
			.willReturn(response));
	}

	/**
	 * Stubs the operation of a kind of secret on a resource right below a workspace, at the API
	 * version the broker uses by default.
	 * @param kind the kind
	 * @param resourceGroup the resource group
	 * @param workspace the workspace
	 * @param name the resource's name
	 * @param response ARM's answer
	 */
	public static void stub(SecretKind<?> kind, String resourceGroup, String workspace, String name,
			ResponseDefinitionBuilder response) {
		server.stubFor(ArmStubs.action(path(kind, resourceGroup, workspace, name), kind.operation().action(),
				defaultApiVersion(kind), MANAGED_IDENTITY_TOKEN)
			.willReturn(response));
	}

	/**
	 * The ARM id of a resource of a kind right below a workspace.
	 * @param kind the kind
	 * @param resourceGroup the resource group
	 * @param workspace the workspace
	 * @param name the resource's name
	 * @return the id
	 */
	public static String path(SecretKind<?> kind, String resourceGroup, String workspace, String name) {
		return ArmStubs.belowWorkspace(SUBSCRIPTION, resourceGroup, workspace, kind.path().get(3).keyword(), name);
	}

	/**
	 * The broker's default API version of a kind's operation.
	 * @param kind the kind
	 * @return the version
	 */
	public static String defaultApiVersion(SecretKind<?> kind) {
		return ArmStubs.defaultApiVersion(kind);
	}

	public static ResponseDefinitionBuilder fixture(String name) {
		return okJson(Fixtures.azure(name)).withHeader("x-ms-request-id", UUID.randomUUID().toString());
	}

	public static ResponseDefinitionBuilder armError(int status, String fixture) {
		return aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withHeader("x-ms-request-id", "arm-request-" + status)
			.withBody(Fixtures.azure(fixture));
	}

	/** @return how many calls of operations that return secrets ARM has seen since the last reset */
	public static int armCalls() {
		return server.countRequestsMatching(postRequestedFor(urlPathMatching("/subscriptions/.*")).build()).getCount();
	}

	/** @return how many calls any path has seen since the last reset */
	public static int allCalls() {
		return server.countRequestsMatching(WireMock.anyRequestedFor(anyUrl()).build()).getCount();
	}

}
