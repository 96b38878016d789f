package dev.credbroker.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.credbroker.secrets.SecretKinds;
import dev.credbroker.support.ArmStubs;
import dev.credbroker.support.Fixtures;
import dev.credbroker.support.Kubeconfigs;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * What {@code bench/run} measures the broker against, without the broker: a real OIDC issuer
 * ({@code mock-oauth2-server}, issuer id {@code bench}, client {@code bench-client}) and WireMock
 * standing in for Azure Resource Manager and the App Service managed-identity endpoint, both on
 * loopback only, on fixed ports. Test scope only. Every value is made up.
 *
 * <p>Resources, in subscription {@value #SUBSCRIPTION}, resource group {@code rg-bench},
 * workspace {@code ws-bench}:
 * <ul>
 * <li>the workspace itself: every workspace field (phase 2, cache hit);</li>
 * <li>{@code computes/aks-large}: AKS, kubeconfigs of about {@code bench.kubeconfig-bytes} (10 KiB)
 * each (phase 5);</li>
 * <li>{@code onlineEndpoints/scorer}: an online endpoint's keys (phase 9, cache hit);</li>
 * <li>{@code computes/stampede}: AKS, answered after {@code bench.stampede.delay-ms} (300 ms), so
 * that concurrent cold requests overlap the one ARM call (phase 3);</li>
 * <li>{@code computes/failing}: ARM answers 500, to open the circuit breaker;</li>
 * <li>{@code computes/cold<digits>}: AKS, never cached by the run, for requests that need ARM while
 * the circuit is open (phase 4): any call that reaches ARM there is counted.</li>
 * </ul>
 * WireMock's request journal is on, so the harness counts ARM calls through its admin API
 * ({@code POST /__admin/requests/count}).
 *
 * <p>Arguments: none; ports from {@code -Dbench.issuer.port} (18482) and {@code -Dbench.arm.port}
 * (18483).
 */
public final class BenchStandIns {

	public static final String SUBSCRIPTION = "00000000-0000-4000-8000-0000000be0c0";

	public static final String RESOURCE_GROUP = "rg-bench";

	public static final String WORKSPACE = "ws-bench";

	public static final String IDENTITY_HEADER = "bench-identity-header";

	private static final String TOKEN = "bench-managed-identity-token";

	private static final String WORKSPACES_API_VERSION = "2024-10-01";

	private static final String COMPUTES_API_VERSION = "2025-09-01";

	private BenchStandIns() {
	}

	public static void main(String[] args) throws IOException {
		int issuerPort = Integer.getInteger("bench.issuer.port", 18482);
		int armPort = Integer.getInteger("bench.arm.port", 18483);
		int stampedeDelay = Integer.getInteger("bench.stampede.delay-ms", 300);
		int kubeconfigBytes = Integer.getInteger("bench.kubeconfig-bytes", 10 * 1024);
		InetAddress loopback = InetAddress.getByName("127.0.0.1");

		MockOAuth2Server issuer = new MockOAuth2Server(OAuth2Config.Companion.fromJson(Fixtures.resource("/dev/credbroker/bench/issuer.json")));
		issuer.start(loopback, issuerPort);
		WireMockServer arm = arm(armPort, stampedeDelay, kubeconfigBytes);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			arm.stop();
			issuer.shutdown();
		}));
		System.out.println("bench stand-ins ready: issuer " + issuer.issuerUrl("bench") + ", ARM and identity "
				+ "http://127.0.0.1:" + arm.port());
	}

	static WireMockServer arm(int port, int stampedeDelay, int kubeconfigBytes) {
		WireMockServer server = new WireMockServer(WireMockConfiguration.options()
			.bindAddress("127.0.0.1")
			.port(port)
			.containerThreads(32)
			.jettyAcceptors(1));
		server.start();
		server.stubFor(ArmStubs.identity(IDENTITY_HEADER, TOKEN));
		server.stubFor(ArmStubs.refuseOtherCalls());
		server.stubFor(ArmStubs.listKeys(ArmStubs.workspacePath(SUBSCRIPTION, RESOURCE_GROUP, WORKSPACE),
				WORKSPACES_API_VERSION, TOKEN)
			.willReturn(ok(Fixtures.azure("workspace-list-keys-all-fields.json"))));
		server.stubFor(compute("aks-large").willReturn(ok(Kubeconfigs.aksListKeys(kubeconfigBytes))));
		server.stubFor(ArmStubs.secrets(SecretKinds.ONLINE_ENDPOINT,
				ArmStubs.workspacePath(SUBSCRIPTION, RESOURCE_GROUP, WORKSPACE), "scorer", TOKEN)
			.willReturn(ok(Fixtures.azure("online-endpoint-list-keys.json"))));
		server.stubFor(compute("stampede")
			.willReturn(ok(Fixtures.azure("compute-list-keys-aks.json")).withFixedDelay(stampedeDelay)));
		server.stubFor(compute("failing").willReturn(aResponse().withStatus(500)
			.withHeader("Content-Type", "application/json")
			.withHeader("x-ms-request-id", "bench-failing")
			.withBody(Fixtures.azure("arm-error-internal.json"))));
		server.stubFor(post(urlPathMatching(ArmStubs.computePath(SUBSCRIPTION, RESOURCE_GROUP, WORKSPACE, "cold[0-9]+")
				+ "/listKeys"))
			.withQueryParam("api-version", equalTo(COMPUTES_API_VERSION))
			.withHeader("Authorization", equalTo("Bearer " + TOKEN))
			.atPriority(1)
			.willReturn(ok(Fixtures.azure("compute-list-keys-aks.json"))));
		return server;
	}

	private static MappingBuilder compute(String name) {
		return ArmStubs.listKeys(ArmStubs.computePath(SUBSCRIPTION, RESOURCE_GROUP, WORKSPACE, name),
				COMPUTES_API_VERSION, TOKEN);
	}

	private static ResponseDefinitionBuilder ok(String body) {
		return okJson(body).withHeader("x-ms-request-id", UUID.randomUUID().toString());
	}

}
