package dev.credbroker.secrets;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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

	private static Set<String> orderedSet(String... names) {
		return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(names)));
	}

}
