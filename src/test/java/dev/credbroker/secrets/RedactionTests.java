package dev.credbroker.secrets;

import java.time.Instant;
import java.util.Map;

import dev.credbroker.azure.ComputeKeys;
import dev.credbroker.azure.WorkspaceKeys;
import dev.credbroker.support.Fixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Anything that holds a secret value says nothing of it in {@code toString()}, and the secret model
 * cannot be written as JSON except through a view.
 */
class RedactionTests {

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	@Test
	void payloadsRedactInToString() {
		WorkspaceKeys workspace = this.jsonMapper.readValue(Fixtures.azure("workspace-list-keys-all-fields.json"),
				WorkspaceKeys.class);
		ComputeKeys vm = this.jsonMapper.readValue(Fixtures.azure("compute-list-keys-virtual-machine.json"),
				ComputeKeys.class);

		assertThat(workspace.toString() + workspace.containerRegistryCredentials() + workspace.notebookAccessKeys()
				+ workspace.containerRegistryCredentials().passwords() + vm + vm.administratorAccount())
			.doesNotContain("sk-WORKSPACE", "acr-PASSWORD", "nb-PRIMARY", "alpharegistry", "vm-PASSWORD", "azureuser",
					"vm-PRIVATE", "public-key");
	}

	private static final Fingerprinter FINGERPRINTER = new Fingerprinter(new RedactionProperties("k".repeat(32)));

	@Test
	void secretModelRedactsInToString() {
		ResourceSecrets secrets = ResourceSecrets.of("/subscriptions/x", "workspace", null,
				Instant.now(), Map.of("userStorageKey", new SecretValue("top-secret-0001")), "req-1", FINGERPRINTER);

		assertThat(secrets.toString()).doesNotContain("top-secret-0001").contains("userStorageKey");
		assertThat(KeysView.redacted(secrets).toString()).doesNotContain("top-secret-0001");
	}

	@Test
	void secretValuesCannotBeSerialized() {
		// The guard's own exception, at the root: without the guard Jackson still fails, but on an
		// empty bean, which says nothing about whether a value could get out.
		assertThatExceptionOfType(DatabindException.class)
			.isThrownBy(() -> this.jsonMapper.writeValueAsString(new SecretValue("top-secret-0001")))
			.withMessageNotContaining("top-secret-0001")
			.havingRootCause()
			.isExactlyInstanceOf(IllegalStateException.class)
			.withMessage("A secret value is written only through a view");
		ResourceSecrets secrets = ResourceSecrets.of("/subscriptions/x", "workspace", null,
				Instant.now(), Map.of("userStorageKey", new SecretValue("top-secret-0001")), "req-1", FINGERPRINTER);
		assertThatExceptionOfType(DatabindException.class).isThrownBy(() -> this.jsonMapper.writeValueAsString(secrets))
			.withMessageNotContaining("top-secret-0001")
			.havingRootCause()
			.isExactlyInstanceOf(IllegalStateException.class)
			.withMessage("A secret value is written only through a view");
	}

	@Test
	void azurePayloadsCannotBeSerialized() {
		WorkspaceKeys workspace = this.jsonMapper.readValue(Fixtures.azure("workspace-list-keys-all-fields.json"),
				WorkspaceKeys.class);
		ComputeKeys vm = this.jsonMapper.readValue(Fixtures.azure("compute-list-keys-virtual-machine.json"),
				ComputeKeys.class);

		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.jsonMapper.writeValueAsString(workspace))
			.withMessage("WorkspaceKeys holds secrets and is never written");
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.jsonMapper.writeValueAsString(vm))
			.withMessage("ComputeKeys holds secrets and is never written");
	}

	@Test
	void redactedViewCarriesLengthsOnly() {
		ResourceSecrets secrets = ResourceSecrets.of("/subscriptions/x", "compute", "Databricks",
				Instant.parse("2026-01-01T00:00:00Z"), Map.of("databricks.accessToken", new SecretValue("dapi-0001")),
				"req-1", FINGERPRINTER);

		String json = this.jsonMapper.writeValueAsString(KeysView.redacted(secrets));

		assertThat(json).doesNotContain("dapi-0001")
			.contains("\"databricks.accessToken\":{\"redacted\":true,\"length\":9,\"fingerprint\":\"hmac-sha256:")
			.contains("\"kind\":\"compute\"", "\"computeType\":\"Databricks\"");
	}

}
