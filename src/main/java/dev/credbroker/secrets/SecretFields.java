package dev.credbroker.secrets;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.credbroker.azure.ComputeKeys;
import dev.credbroker.azure.WorkspaceKeys;
import org.jspecify.annotations.Nullable;

/**
 * Flattens Azure's payloads into the named fields that policies and views speak of, such as
 * {@code containerRegistry.passwords.password2} or {@code aks.userKubeConfig}: the workspace's and
 * the compute's here, and a builder of fields for the other kinds' readers beside it.
 */
final class SecretFields {

	/** A compute's fields, and its type beside them. */
	static final SecretKind.Reader<ComputeKeys> COMPUTE = new SecretKind.Reader<>() {

		@Override
		public Map<String, SecretValue> fields(ComputeKeys keys) {
			return of(keys);
		}

		@Override
		public @Nullable String subtype(ComputeKeys keys) {
			return keys.computeType();
		}

	};

	/** Where the registry passwords are, each under the name Azure gives it. */
	static final String REGISTRY_PASSWORDS = "containerRegistry.passwords.";

	private final Map<String, SecretValue> fields = new LinkedHashMap<>();

	SecretFields() {
	}

	static Map<String, SecretValue> of(WorkspaceKeys keys) {
		SecretFields fields = new SecretFields();
		fields.put("userStorageKey", keys.userStorageKey());
		fields.put("userStorageResourceId", keys.userStorageResourceId());
		fields.put("appInsightsInstrumentationKey", keys.appInsightsInstrumentationKey());
		WorkspaceKeys.RegistryCredentials registry = keys.containerRegistryCredentials();
		if (registry != null) {
			fields.put("containerRegistry.location", registry.location());
			fields.put("containerRegistry.username", registry.username());
			if (registry.passwords() != null) {
				for (WorkspaceKeys.Password password : registry.passwords()) {
					if (password != null && password.name() != null && isFieldPart(password.name())) {
						fields.put(REGISTRY_PASSWORDS + password.name(), password.value());
					}
				}
			}
		}
		WorkspaceKeys.NotebookKeys notebook = keys.notebookAccessKeys();
		if (notebook != null) {
			fields.put("notebook.primaryAccessKey", notebook.primaryAccessKey());
			fields.put("notebook.secondaryAccessKey", notebook.secondaryAccessKey());
		}
		return fields.build();
	}

	static Map<String, SecretValue> of(ComputeKeys keys) {
		SecretFields fields = new SecretFields();
		String type = (keys.computeType() != null) ? keys.computeType() : "";
		switch (type) {
			case "AKS" -> {
				fields.put("aks.userKubeConfig", keys.userKubeConfig());
				fields.put("aks.adminKubeConfig", keys.adminKubeConfig());
				fields.put("aks.imagePullSecretName", keys.imagePullSecretName());
			}
			case "Databricks" -> fields.put("databricks.accessToken", keys.databricksAccessToken());
			case "VirtualMachine" -> {
				ComputeKeys.AdministratorAccount account = keys.administratorAccount();
				if (account != null) {
					fields.put("vm.username", account.username());
					fields.put("vm.password", account.password());
					fields.put("vm.publicKeyData", account.publicKeyData());
					fields.put("vm.privateKeyData", account.privateKeyData());
				}
			}
			default -> {
				// Kubernetes, AmlCompute, ComputeInstance and the rest carry no secrets.
			}
		}
		return fields.build();
	}

	/**
	 * A name Azure gives, such as a registry password's, becomes part of a field name, so it must
	 * not bring dots or pattern characters that would make it ambiguous.
	 * @param name the name
	 * @return whether it may be part of a field name
	 */
	static boolean isFieldPart(String name) {
		return name.matches("[A-Za-z0-9_-]{1,64}");
	}

	/**
	 * A type Azure named, as a metric's tag or in a log line: its own letters and digits, or
	 * {@code other} when it has anything else or is long.
	 * @param type the type
	 * @return the tag
	 */
	static String boundedTag(String type) {
		return type.matches("[A-Za-z0-9]{1,40}") ? type : "other";
	}

	/**
	 * Adds a field, unless its value is absent.
	 * @param name the field's name
	 * @param value its value
	 */
	void put(String name, @Nullable String value) {
		if (value != null) {
			this.fields.put(name, new SecretValue(value));
		}
	}

	/**
	 * The fields added, in the order they were.
	 * @return the fields
	 */
	Map<String, SecretValue> build() {
		return Collections.unmodifiableMap(this.fields);
	}

}
