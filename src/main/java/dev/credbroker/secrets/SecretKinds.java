package dev.credbroker.secrets;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.credbroker.azure.ArmOperation;
import dev.credbroker.azure.ArmProperties;
import dev.credbroker.azure.ComputeKeys;
import dev.credbroker.azure.MlResource;
import dev.credbroker.azure.Segment;
import dev.credbroker.azure.WorkspaceKeys;

/**
 * Every kind of secret the broker serves.
 */
public final class SecretKinds {

	/** Workspaces - List Keys. */
	public static final SecretKind<WorkspaceKeys> WORKSPACE = new SecretKind<>("workspace",
			new ArmOperation<>("workspace.listKeys",
					List.of(Segment.SUBSCRIPTION, Segment.RESOURCE_GROUP, Segment.WORKSPACE), "listKeys",
					ArmProperties.ApiVersions::workspaces, WorkspaceKeys.class),
			"keys", "A workspace's keys (Workspaces - List Keys)",
			"The fields the caller's policy lets it read, redacted to length and fingerprint "
					+ "unless named in `reveal` and revealable.",
			List.of("userStorageKey", "userStorageResourceId", "appInsightsInstrumentationKey",
					"containerRegistry.location", "containerRegistry.username", "containerRegistry.passwords.password",
					"containerRegistry.passwords.password2", SecretFields.REGISTRY_PASSWORDS,
					"notebook.primaryAccessKey", "notebook.secondaryAccessKey"),
			SecretFields::of, (keys) -> null, """
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
			new ArmOperation<>("compute.listKeys",
					List.of(Segment.SUBSCRIPTION, Segment.RESOURCE_GROUP, Segment.WORKSPACE, Segment.COMPUTE),
					"listKeys", ArmProperties.ApiVersions::computes, ComputeKeys.class),
			"keys", "A compute's keys (Compute - List Keys)",
			"AKS, Databricks and VirtualMachine computes have secrets; other types an empty view.",
			List.of("aks.userKubeConfig", "aks.adminKubeConfig", "aks.imagePullSecretName", "databricks.accessToken",
					"vm.username", "vm.password", "vm.publicKeyData", "vm.privateKeyData"),
			SecretFields::of, ComputeKeys::computeType, """
					{"resourceId": "/subscriptions/34adfa4f-cedf-4dc0-ba29-b6d1a69ab345/resourceGroups/testrg123/providers/Microsoft.MachineLearningServices/workspaces/workspaces123/computes/compute123",
					 "kind": "compute", "computeType": "AKS", "retrievedAt": "2026-11-25T10:48:48.323Z", "stale": false,
					 "secrets": {
					   "aks.userKubeConfig": {"redacted": true, "length": 19, "fingerprint": "hmac-sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f9"},
					   "aks.adminKubeConfig": {"redacted": true, "length": 20, "fingerprint": "hmac-sha256:f9e8d7c6b5a4938271605f4e3d2c1b0a"},
					   "aks.imagePullSecretName": {"redacted": true, "length": 26, "fingerprint": "hmac-sha256:5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d"}}}
					""");

	/** Every kind, in the order of the API's documentation. */
	public static final List<SecretKind<?>> ALL = List.of(WORKSPACE, COMPUTE);

	private SecretKinds() {
	}

	/**
	 * The kind of secret a resource has, for requests that name the resource by its ARM id.
	 * @param resource the resource
	 * @return the kind whose path the resource's is; empty when the broker serves none there
	 */
	public static Optional<SecretKind<?>> of(MlResource resource) {
		return ALL.stream().filter((kind) -> kind.path().equals(resource.path())).findFirst();
	}

	/**
	 * Every field name a resource of any kind may have.
	 * @return the names
	 */
	public static Set<String> allFields() {
		Set<String> all = new LinkedHashSet<>();
		ALL.forEach((kind) -> all.addAll(kind.knownFields()));
		return all;
	}

	/**
	 * Whether a field name or pattern lies where Azure names fields itself, for any kind.
	 * @param text the name or pattern
	 * @return whether it may still name a field
	 */
	public static boolean isAzureNamed(String text) {
		return ALL.stream().anyMatch((kind) -> kind.isAzureNamed(text));
	}

}
