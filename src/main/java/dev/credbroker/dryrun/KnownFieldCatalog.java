package dev.credbroker.dryrun;

import dev.credbroker.policy.FieldCatalog;
import dev.credbroker.policy.FieldPattern;
import dev.credbroker.secrets.SecretKinds;

/**
 * The secret fields a policy's patterns can name: those the broker knows, and the registry
 * passwords, which Azure may name as it pleases. The broker warns at load, and {@code policy-check}
 * warns, of a grant's pattern that matches none (a misspelt field).
 */
public final class KnownFieldCatalog {

	/** The catalogue. */
	public static final FieldCatalog INSTANCE = KnownFieldCatalog::mayMatch;

	private KnownFieldCatalog() {
	}

	/**
	 * Whether a pattern may match a field of some resource.
	 * @param pattern a grant's pattern
	 * @return {@code false} if it can match no field
	 */
	public static boolean mayMatch(FieldPattern pattern) {
		return SecretKinds.isAzureNamed(pattern.toString()) || SecretKinds.allFields().stream().anyMatch(pattern::matches);
	}

}
