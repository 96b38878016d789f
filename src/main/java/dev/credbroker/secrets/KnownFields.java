package dev.credbroker.secrets;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The field names a resource may have, before Azure is asked: for checking a request against the
 * policy without calling Azure. Registry passwords are named by Azure; {@code password} and
 * {@code password2} are the names it uses.
 */
public final class KnownFields {

	private static final Set<String> WORKSPACE = orderedSet("userStorageKey", "userStorageResourceId",
			"appInsightsInstrumentationKey", "containerRegistry.location", "containerRegistry.username",
			"containerRegistry.passwords.password", "containerRegistry.passwords.password2",
			"notebook.primaryAccessKey", "notebook.secondaryAccessKey");

	private static final Set<String> COMPUTE = orderedSet("aks.userKubeConfig", "aks.adminKubeConfig",
			"aks.imagePullSecretName", "databricks.accessToken", "vm.username", "vm.password", "vm.publicKeyData",
			"vm.privateKeyData");

	private static final Set<String> ALL = orderedSet(
			Stream.concat(WORKSPACE.stream(), COMPUTE.stream()).toArray(String[]::new));

	/** Where the registry passwords are, each under the name Azure gives it. */
	static final String REGISTRY_PASSWORDS = "containerRegistry.passwords.";

	private KnownFields() {
	}

	/**
	 * The fields a workspace, or a compute of any type, may have.
	 * @param compute whether the resource is a compute
	 * @return the field names, in the order views list them
	 */
	public static Set<String> of(boolean compute) {
		return compute ? COMPUTE : WORKSPACE;
	}

	/**
	 * Every field a workspace or a compute may have.
	 * @return the field names
	 */
	public static Set<String> all() {
		return ALL;
	}

	/**
	 * Whether a field name, or a pattern's text, lies where Azure names fields itself, so that a
	 * name the broker does not know may still be one.
	 * @param text the name or pattern
	 * @return {@code true} for the registry passwords
	 */
	public static boolean isAzureNamed(String text) {
		return text.startsWith(REGISTRY_PASSWORDS);
	}

	private static Set<String> orderedSet(String... names) {
		return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(names)));
	}

}
