package dev.credbroker.support;

import java.time.Instant;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.credbroker.azure.ArmProperties;
import dev.credbroker.secrets.SecretKind;

import org.springframework.boot.context.properties.bind.Binder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * WireMock stubs that follow Azure's REST contract for the operations that return secrets and for
 * the App Service managed-identity endpoint. Shared by the tests' stand-in and the local run.
 */
public final class ArmStubs {

	private static final String PROVIDER = "/providers/Microsoft.MachineLearningServices";

	/** The broker's default API versions, as it binds them when none is configured. */
	private static final ArmProperties.ApiVersions DEFAULT_API_VERSIONS = new Binder()
		.bindOrCreate("broker.arm.api-versions", ArmProperties.ApiVersions.class);

	private ArmStubs() {
	}

	public static String workspacePath(String subscription, String resourceGroup, String workspace) {
		return "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup + PROVIDER + "/workspaces/"
				+ workspace;
	}

	public static String computePath(String subscription, String resourceGroup, String workspace, String compute) {
		return workspacePath(subscription, resourceGroup, workspace) + "/computes/" + compute;
	}

	/**
	 * A listKeys call that ARM serves only to the bearer of the given token.
	 * @param resourcePath the resource's ARM id
	 * @param apiVersion the expected {@code api-version}
	 * @param token the managed-identity token ARM accepts
	 * @return the stub, to be given its response
	 */
	public static MappingBuilder listKeys(String resourcePath, String apiVersion, String token) {
		return action(resourcePath, "listKeys", apiVersion, token);
	}

	/**
	 * A call of any of the operations that return secrets, such as {@code listsecrets}, that ARM
	 * serves only to the bearer of the given token.
	 * @param resourcePath the resource's ARM id
	 * @param action the action's last path segment, spelt as Azure's specification spells it
	 * @param apiVersion the expected {@code api-version}
	 * @param token the managed-identity token ARM accepts
	 * @return the stub, to be given its response
	 */
	public static MappingBuilder action(String resourcePath, String action, String apiVersion, String token) {
		return post(urlPathEqualTo(resourcePath + "/" + action)).withQueryParam("api-version", equalTo(apiVersion))
			.withHeader("Authorization", equalTo("Bearer " + token))
			.atPriority(1);
	}

	/**
	 * The broker's default API version of a kind's operation.
	 * @param kind the kind
	 * @return the version
	 */
	public static String defaultApiVersion(SecretKind<?> kind) {
		return kind.operation().apiVersion().apply(DEFAULT_API_VERSIONS);
	}

	/**
	 * A kind's operation on a resource right below a workspace, at the broker's default API
	 * version, that ARM serves only to the bearer of the given token.
	 * @param kind the kind
	 * @param workspacePath the workspace's ARM id
	 * @param name the resource's name
	 * @param token the managed-identity token ARM accepts
	 * @return the stub, to be given its response
	 */
	public static MappingBuilder secrets(SecretKind<?> kind, String workspacePath, String name, String token) {
		return action(workspacePath + "/" + kind.path().get(3).keyword() + "/" + name, kind.operation().action(),
				defaultApiVersion(kind), token);
	}

	/**
	 * The ARM id of a resource right below a workspace.
	 * @param subscription the subscription
	 * @param resourceGroup the resource group
	 * @param workspace the workspace
	 * @param keyword the resource's keyword, such as {@code onlineEndpoints}
	 * @param name its name
	 * @return the id
	 */
	public static String belowWorkspace(String subscription, String resourceGroup, String workspace, String keyword,
			String name) {
		return workspacePath(subscription, resourceGroup, workspace) + "/" + keyword + "/" + name;
	}

	/** @return a fallback that refuses ARM calls no other stub matched, as ARM refuses a bad token */
	public static MappingBuilder refuseOtherCalls() {
		return post(urlPathMatching("/subscriptions/.*")).atPriority(10)
			.willReturn(aResponse().withStatus(401)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"The access token is invalid.\"}}"));
	}

	/**
	 * The App Service managed-identity endpoint (api-version 2019-08-01), at {@code /msi/token}.
	 * @param identityHeader the {@code IDENTITY_HEADER} secret the caller must present
	 * @param token the access token to hand out
	 * @return the stub
	 */
	public static MappingBuilder identity(String identityHeader, String token) {
		long expiresOn = Instant.now().plusSeconds(24 * 3600).getEpochSecond();
		return get(urlPathEqualTo("/msi/token")).withQueryParam("api-version", equalTo("2019-08-01"))
			.withHeader("X-IDENTITY-HEADER", equalTo(identityHeader))
			.willReturn(okJson("{\"access_token\":\"" + token + "\",\"expires_on\":\"" + expiresOn
					+ "\",\"resource\":\"https://management.azure.com/\",\"token_type\":\"Bearer\"}"));
	}

}
