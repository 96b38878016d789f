package dev.credbroker.secrets;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.credbroker.azure.ComputeKeys;
import dev.credbroker.azure.WorkspaceKeys;
import dev.credbroker.support.Fixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

class SecretFieldsTests {

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	@Test
	void aTypeAzureNamedIsATagOnlyWhenShortLettersAndDigits() {
		assertThat(SecretFields.boundedTag("ManagedIdentityToken")).isEqualTo("ManagedIdentityToken");
		assertThat(SecretFields.boundedTag("a".repeat(40))).isEqualTo("a".repeat(40));
		assertThat(SecretFields.boundedTag("a".repeat(41))).isEqualTo("other");
		assertThat(SecretFields.boundedTag("")).isEqualTo("other");
		assertThat(SecretFields.boundedTag("Api Key")).isEqualTo("other");
		assertThat(SecretFields.boundedTag("key=sk-0001")).isEqualTo("other");
	}

	@Test
	void azureWorkspaceExampleLeavesOutNulls() {
		Map<String, SecretValue> fields = SecretFields.of(workspace("workspace-list-keys-2024-10-01.json"));

		assertThat(fields).containsOnlyKeys("userStorageResourceId", "containerRegistry.username",
				"containerRegistry.passwords.password", "containerRegistry.passwords.password2");
		assertThat(fields.get("containerRegistry.passwords.password2").reveal())
			.isEqualTo("0KARRQoQHSUq1yViPWg7YFernOS=Ic/t");
		assertThat(fields.get("containerRegistry.username").reveal()).isEqualTo("testdemoworkjmjmeykp");
	}

	@Test
	void newerApiVersionsNameTheStorageIdUserStorageArmId() {
		Map<String, SecretValue> fields = SecretFields.of(workspace("workspace-list-keys-2025-06-01.json"));

		assertThat(fields.get("userStorageResourceId").reveal()).endsWith("/storageAccounts/testdemoworkazashomr");
	}

	@Test
	void everyWorkspaceField() {
		Map<String, SecretValue> fields = SecretFields.of(workspace("workspace-list-keys-all-fields.json"));

		assertThat(revealed(fields)).containsExactly(entry("userStorageKey", "sk-WORKSPACE-storage-key-0001=="),
				entry("userStorageResourceId",
						"/subscriptions/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee/resourceGroups/rg-alpha-1/providers/Microsoft.Storage/storageAccounts/alphastorage"),
				entry("appInsightsInstrumentationKey", "11111111-2222-3333-4444-555555555555"),
				entry("containerRegistry.location", "westeurope"), entry("containerRegistry.username", "alpharegistry"),
				entry("containerRegistry.passwords.password", "acr-PASSWORD-one-0001/abc="),
				entry("containerRegistry.passwords.password2", "acr-PASSWORD-two-0002/def="),
				entry("notebook.primaryAccessKey", "nb-PRIMARY-access-key-0001"),
				entry("notebook.secondaryAccessKey", "nb-SECONDARY-access-key-0002"));
	}

	@Test
	void registryPasswordNamesThatWouldBreakFieldNamesAreDropped() {
		WorkspaceKeys keys = this.jsonMapper.readValue("""
				{"containerRegistryCredentials": {"passwords": [
				  {"name": "a.b", "value": "x"}, {"name": "*", "value": "y"}, {"name": null, "value": "z"},
				  null, {"name": "ok", "value": null}, {"name": "password", "value": "kept"}]}}
				""", WorkspaceKeys.class);

		assertThat(SecretFields.of(keys)).containsOnlyKeys("containerRegistry.passwords.password");
	}

	@Test
	void emptyAndNullBodies() {
		assertThat(SecretFields.of(this.jsonMapper.readValue("{}", WorkspaceKeys.class))).isEmpty();
		assertThat(SecretFields.of(this.jsonMapper.readValue(
				"{\"containerRegistryCredentials\":null,\"notebookAccessKeys\":{}}", WorkspaceKeys.class)))
			.isEmpty();
		assertThat(SecretFields.of(this.jsonMapper.readValue("{}", ComputeKeys.class))).isEmpty();
	}

	@Test
	void aks() {
		ComputeKeys aks = compute("compute-list-keys-aks.json");
		assertThat(SecretFields.COMPUTE.subtype(aks)).isEqualTo("AKS");
		assertThat(revealed(SecretFields.COMPUTE.fields(aks))).containsExactly(
				entry("aks.userKubeConfig", "user kube config..."), entry("aks.adminKubeConfig", "admin kube config..."),
				entry("aks.imagePullSecretName", "the image pull secret name"));
	}

	@Test
	void databricks() {
		assertThat(revealed(SecretFields.of(compute("compute-list-keys-databricks.json"))))
			.containsExactly(entry("databricks.accessToken", "dapi-DATABRICKS-token-0001"));
	}

	@Test
	void virtualMachine() {
		Map<String, SecretValue> fields = SecretFields.of(compute("compute-list-keys-virtual-machine.json"));

		assertThat(fields).containsOnlyKeys("vm.username", "vm.password", "vm.publicKeyData", "vm.privateKeyData");
		assertThat(fields.get("vm.privateKeyData").reveal()).contains("vm-PRIVATE-key-0001");
	}

	@Test
	void typesWithoutSecretsYieldNoFieldsEvenIfAzureSentSome() {
		assertThat(SecretFields.of(compute("compute-list-keys-aml-compute.json"))).isEmpty();
		assertThat(SecretFields.of(this.jsonMapper.readValue(
				"{\"computeType\":\"Kubernetes\",\"userKubeConfig\":\"x\",\"databricksAccessToken\":\"y\"}",
				ComputeKeys.class)))
			.isEmpty();
	}

	private WorkspaceKeys workspace(String fixture) {
		return this.jsonMapper.readValue(Fixtures.azure(fixture), WorkspaceKeys.class);
	}

	private ComputeKeys compute(String fixture) {
		return this.jsonMapper.readValue(Fixtures.azure(fixture), ComputeKeys.class);
	}

	private static Map<String, String> revealed(Map<String, SecretValue> fields) {
		Map<String, String> revealed = new LinkedHashMap<>();
		fields.forEach((name, value) -> revealed.put(name, value.reveal()));
		return revealed;
	}

}
