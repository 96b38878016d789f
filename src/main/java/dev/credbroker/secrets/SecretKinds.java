package dev.credbroker.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.credbroker.azure.ArmOperation;
import dev.credbroker.azure.ArmProperties;
import dev.credbroker.azure.ComputeKeys;
import dev.credbroker.azure.ConnectionSecrets;
import dev.credbroker.azure.DatastoreSecrets;
import dev.credbroker.azure.EndpointKeys;
import dev.credbroker.azure.EndpointToken;
import dev.credbroker.azure.MlResource;
import dev.credbroker.azure.SecretExpiry;
import dev.credbroker.azure.Segment;
import dev.credbroker.azure.WorkspaceKeys;
import dev.credbroker.secrets.SecretKind.Field;

/**
 * Every kind of secret the broker serves.
 */
public final class SecretKinds {

	private static final String ML = "Microsoft.MachineLearningServices/workspaces/";

	private static final List<Segment> WORKSPACE_PATH = List.of(Segment.SUBSCRIPTION, Segment.RESOURCE_GROUP,
			Segment.WORKSPACE);

	/** Workspaces - List Keys. */
	public static final SecretKind<WorkspaceKeys> WORKSPACE = new SecretKind<>("workspace",
			new ArmOperation<>("workspace.listKeys", WORKSPACE_PATH, "listKeys", ML + "listKeys/action",
					ArmProperties.ApiVersions::workspaces, WorkspaceKeys.class),
			"keys", "A workspace's keys (Workspaces - List Keys)",
			"The fields the caller's policy lets it read, redacted to length and fingerprint "
					+ "unless named in `reveal` and revealable.",
			Field.secrets("userStorageKey", "userStorageResourceId", "appInsightsInstrumentationKey",
					"containerRegistry.location", "containerRegistry.username", "containerRegistry.passwords.password",
					"containerRegistry.passwords.password2", SecretFields.REGISTRY_PASSWORDS,
					"notebook.primaryAccessKey", "notebook.secondaryAccessKey"),
			SecretFields::of, """
					{"resourceId": "/subscriptions/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee/resourceGroups/testrg123/providers/Microsoft.MachineLearningServices/workspaces/workspaces123",
					 "kind": "workspace", "retrievedAt": "2026-11-25T10:48:48.269Z", "stale": false,
					 "secrets": {
					   "userStorageResourceId": {"redacted": true, "length": 134, "fingerprint": "hmac-sha256:3c9e0d8b5f1a47e2a6b1c0d9e8f7a6b5"},
					   "containerRegistry.username": {"redacted": true, "length": 20, "fingerprint": "hmac-sha256:8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d"},
					   "containerRegistry.passwords.password": {"redacted": true, "length": 32, "fingerprint": "hmac-sha256:1f2e3d4c5b6a79880716253443526170"},
					   "containerRegistry.passwords.password2": {"value": "<value>"}}}
					""");

	/** Compute - List Keys. */
	public static final SecretKind<ComputeKeys> COMPUTE = new SecretKind<>("compute",
			new ArmOperation<>("compute.listKeys", below(Segment.COMPUTE), "listKeys", ML + "computes/listKeys/action",
					ArmProperties.ApiVersions::computes, ComputeKeys.class),
			"keys", "A compute's keys (Compute - List Keys)",
			"AKS, Databricks and VirtualMachine computes have secrets; other types an empty view.",
			Field.secrets("aks.userKubeConfig", "aks.adminKubeConfig", "aks.imagePullSecretName",
					"databricks.accessToken", "vm.username", "vm.password", "vm.publicKeyData", "vm.privateKeyData"),
			SecretFields.COMPUTE, """
					{"resourceId": "/subscriptions/34adfa4f-cedf-4dc0-ba29-b6d1a69ab345/resourceGroups/testrg123/providers/Microsoft.MachineLearningServices/workspaces/workspaces123/computes/compute123",
					 "kind": "compute", "computeType": "AKS", "retrievedAt": "2026-11-25T10:48:48.323Z", "stale": false,
					 "secrets": {
					   "aks.userKubeConfig": {"redacted": true, "length": 19, "fingerprint": "hmac-sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f9"},
					   "aks.adminKubeConfig": {"redacted": true, "length": 20, "fingerprint": "hmac-sha256:f9e8d7c6b5a4938271605f4e3d2c1b0a"},
					   "aks.imagePullSecretName": {"redacted": true, "length": 26, "fingerprint": "hmac-sha256:5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d"}}}
					""");

	/** Online Endpoints - List Keys. */
	public static final SecretKind<EndpointKeys> ONLINE_ENDPOINT = new SecretKind<>("onlineEndpoint",
			new ArmOperation<>("onlineEndpoint.listKeys", below(Segment.ONLINE_ENDPOINT), "listKeys",
					ML + "onlineEndpoints/listKeys/action", ArmProperties.ApiVersions::onlineEndpoints,
					EndpointKeys.class),
			"keys", "An online endpoint's keys (Online Endpoints - List Keys)",
			"The keys to call an online endpoint whose auth mode is `Key`; both may be absent.",
			endpointKeys(), EndpointFields.KEYS,
			example("onlineEndpoints/churn-scorer", "onlineEndpoint", """
					"endpoint.primaryKey": {"redacted": true, "length": 32, "fingerprint": "hmac-sha256:6d5c4b3a29180f7e6d5c4b3a29180f7e"},
					"endpoint.secondaryKey": {"value": "<value>"}"""));

	/** Online Endpoints - Get Token. */
	public static final SecretKind<EndpointToken> ONLINE_ENDPOINT_TOKEN = new SecretKind<>("onlineEndpointToken",
			new ArmOperation<>("onlineEndpoint.getToken", below(Segment.ONLINE_ENDPOINT), "token",
					ML + "onlineEndpoints/token/action", ArmProperties.ApiVersions::onlineEndpoints,
					EndpointToken.class),
			"token", "An online endpoint's token (Online Endpoints - Get Token)",
			"A short-lived token to call an online endpoint whose auth mode is `AMLToken`. Its type and "
					+ "times (seconds since the epoch) are not secret and are shown in clear; the answer is cached "
					+ "until the token's refresh time and never served past its expiry.",
			List.of(Field.secret(EndpointFields.ACCESS_TOKEN), Field.clear(EndpointFields.TOKEN_TYPE),
					Field.clear(EndpointFields.EXPIRY_TIME), Field.clear(EndpointFields.REFRESH_AFTER_TIME)),
			EndpointFields.TOKEN, example("onlineEndpoints/churn-scorer", "onlineEndpointToken", """
					"token.accessToken": {"redacted": true, "length": 1187, "fingerprint": "hmac-sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f0"},
					"token.tokenType": {"value": "Bearer"},
					"token.expiryTimeUtc": {"value": "1764590400"},
					"token.refreshAfterTimeUtc": {"value": "1764588600"}"""));

	/** Batch Endpoints - List Keys. */
	public static final SecretKind<EndpointKeys> BATCH_ENDPOINT = new SecretKind<>("batchEndpoint",
			new ArmOperation<>("batchEndpoint.listKeys", below(Segment.BATCH_ENDPOINT), "listkeys",
					ML + "batchEndpoints/listKeys/action", ArmProperties.ApiVersions::batchEndpoints,
					EndpointKeys.class),
			"keys", "A batch endpoint's keys (Batch Endpoints - List Keys)",
			"The keys to invoke a batch endpoint; both may be absent.", endpointKeys(), EndpointFields.KEYS,
			example("batchEndpoints/nightly-scoring", "batchEndpoint", """
					"endpoint.primaryKey": {"redacted": true, "length": 32, "fingerprint": "hmac-sha256:7e6d5c4b3a29180f7e6d5c4b3a29180f"}"""));

	/** Serverless Endpoints - List Keys. */
	public static final SecretKind<EndpointKeys> SERVERLESS_ENDPOINT = new SecretKind<>("serverlessEndpoint",
			new ArmOperation<>("serverlessEndpoint.listKeys", below(Segment.SERVERLESS_ENDPOINT), "listKeys",
					ML + "serverlessEndpoints/listKeys/action", ArmProperties.ApiVersions::serverlessEndpoints,
					EndpointKeys.class),
			"keys", "A serverless endpoint's keys (Serverless Endpoints - List Keys)",
			"The keys to call a serverless (models-as-a-service) endpoint; both may be absent.", endpointKeys(),
			EndpointFields.KEYS, example("serverlessEndpoints/llama-chat", "serverlessEndpoint", """
					"endpoint.primaryKey": {"redacted": true, "length": 32, "fingerprint": "hmac-sha256:8f7e6d5c4b3a29180f7e6d5c4b3a2918"},
					"endpoint.secondaryKey": {"redacted": true, "length": 32, "fingerprint": "hmac-sha256:9a8f7e6d5c4b3a29180f7e6d5c4b3a29"}"""));

	/** Workspace Connections - List Secrets. */
	public static final SecretKind<ConnectionSecrets> CONNECTION = new SecretKind<>("connection",
			new ArmOperation<>("connection.listSecrets", below(Segment.CONNECTION), "listsecrets",
					ML + "connections/listsecrets/action", ArmProperties.ApiVersions::connections,
					ConnectionSecrets.class),
			"secrets", "A workspace connection's credentials (Workspace Connections - List Secrets)",
			"The connection's auth type, category, target and expiry, in clear, and the credentials of its auth "
					+ "type under `connection.credentials.`: secret ones redacted unless revealed, the others "
					+ "(such as `clientId`) in clear. An auth type the broker knows no schema for gives no credentials.",
			ConnectionFields.all(), ConnectionFields.READER,
			example("connections/aoai-prod", "connection", """
					"connection.authType": {"value": "ApiKey"},
					"connection.category": {"value": "AzureOpenAI"},
					"connection.target": {"value": "https://aoai-prod.openai.azure.com/"},
					"connection.credentials.key": {"redacted": true, "length": 32, "fingerprint": "hmac-sha256:a09b8c7d6e5f4a3b2c1d0e9f8a7b6c5d"}"""));

	/** Datastores - List Secrets. */
	public static final SecretKind<DatastoreSecrets> DATASTORE = new SecretKind<>("datastore",
			new ArmOperation<>("datastore.listSecrets", below(Segment.DATASTORE), "listSecrets",
					ML + "datastores/listsecrets/action", ArmProperties.ApiVersions::datastores,
					DatastoreSecrets.class, SecretExpiry::forDatastores),
			"secrets", "A datastore's secret (Datastores - List Secrets)",
			"The datastore's secrets type, in clear, and its one secret: `datastore.key` (the storage account key "
					+ "itself), `datastore.certificate`, `datastore.sasToken` or `datastore.clientSecret`. With API "
					+ "version 2026-09-01 or later the broker asks for a secret that expires after "
					+ "`broker.arm.datastores.expire-after-hours`.",
			DatastoreFields.all(), DatastoreFields.READER, example("datastores/training_data", "datastore", """
					"datastore.secretsType": {"value": "Sas"},
					"datastore.sasToken": {"redacted": true, "length": 128, "fingerprint": "hmac-sha256:b1a0c9d8e7f6a5b4c3d2e1f0a9b8c7d6"}"""));

	/** Every kind, in the order of the API's documentation. */
	public static final List<SecretKind<?>> ALL = List.of(WORKSPACE, COMPUTE, ONLINE_ENDPOINT, ONLINE_ENDPOINT_TOKEN,
			BATCH_ENDPOINT, SERVERLESS_ENDPOINT, CONNECTION, DATASTORE);

	private SecretKinds() {
	}

	/**
	 * The kinds of secret a resource has, for requests that name the resource by its ARM id: an
	 * online endpoint has two, its keys and its token.
	 * @param resource the resource
	 * @return the kinds whose path the resource's is; empty when the broker serves none there
	 */
	public static List<SecretKind<?>> of(MlResource resource) {
		return ALL.stream().filter((kind) -> kind.path().equals(resource.path())).toList();
	}

	/**
	 * Every field name a resource of any kind may have.
	 * @return the names
	 */
	public static Set<String> allFields() {
		return KnownFields.of(ALL).names();
	}

	/**
	 * Whether a field name or pattern lies where Azure names fields itself, for any kind.
	 * @param text the name or pattern
	 * @return whether it may still name a field
	 */
	public static boolean isAzureNamed(String text) {
		return ALL.stream().anyMatch((kind) -> kind.isAzureNamed(text));
	}

	private static List<Segment> below(Segment segment) {
		List<Segment> path = new ArrayList<>(WORKSPACE_PATH);
		path.add(segment);
		return path;
	}

	private static List<Field> endpointKeys() {
		return Field.secrets(EndpointFields.PRIMARY_KEY, EndpointFields.SECONDARY_KEY);
	}

	/** A view of a resource below a workspace, for the OpenAPI document. */
	private static String example(String resource, String kind, String secrets) {
		return """
				{"resourceId": "/subscriptions/34adfa4f-cedf-4dc0-ba29-b6d1a69ab345/resourceGroups/testrg123/providers/Microsoft.MachineLearningServices/workspaces/workspaces123/%s",
				 "kind": "%s", "retrievedAt": "2026-11-25T10:48:48.323Z", "stale": false,
				 "secrets": {
				%s}}
				""".formatted(resource, kind, secrets.indent(2).stripTrailing());
	}

}
