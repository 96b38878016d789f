package dev.credbroker.azure;

/**
 * Azure's published naming rules for the path parameters of the two {@code listKeys} operations.
 * Checked before anything is called, so that no input can reach Resource Manager unless Azure
 * itself could have named it.
 */
public final class AzureNames {

	/** A subscription id is a GUID. */
	public static final String SUBSCRIPTION_ID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

	/** 1-90 letters, digits, {@code -_.()}, not ending in a period. */
	public static final String RESOURCE_GROUP = "^[a-zA-Z0-9_.()-]{0,89}[a-zA-Z0-9_()-]$";

	/** Azure ML's published workspace name pattern. */
	public static final String WORKSPACE = "^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$";

	/** Azure ML's published compute name pattern: no name that ends in a dash and digits only. */
	public static final String COMPUTE = "^[a-zA-Z](?![a-zA-Z0-9-]*-\\d+$)[a-zA-Z0-9\\-]{2,23}$";

	private AzureNames() {
	}

}
