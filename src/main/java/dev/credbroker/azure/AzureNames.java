package dev.credbroker.azure;

/**
 * Azure's naming rules for the path parameters of the operations the broker calls.
 * Checked before anything is called, so that no input can reach Resource Manager unless Azure
 * itself could have named it. The expressions are the rules as published (the OpenAPI document
 * and error bodies quote them); the methods check them without a matcher, since every request
 * checks three or four names, and a test holds each method to its expression.
 */
final class AzureNames {

	/** A subscription id is a GUID. */
	static final String SUBSCRIPTION_ID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

	/** 1-90 letters, digits, {@code -_.()}, not ending in a period. */
	static final String RESOURCE_GROUP = "^[a-zA-Z0-9_.()-]{0,89}[a-zA-Z0-9_()-]$";

	/** Azure ML's published workspace name pattern. */
	static final String WORKSPACE = "^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$";

	/** Azure ML's published compute name pattern: no name that ends in a dash and digits only. */
	static final String COMPUTE = "^[a-zA-Z](?![a-zA-Z0-9-]*-\\d+$)[a-zA-Z0-9\\-]{2,23}$";

	/**
	 * Azure ML's documented rule for online endpoint names (the specification gives none): a letter,
	 * then letters, digits and hyphens, 3-32 characters in all.
	 */
	static final String ONLINE_ENDPOINT = "^[a-zA-Z][a-zA-Z0-9-]{2,31}$";

	/**
	 * Batch and serverless endpoints and datastores: the specification's older pattern for asset
	 * names, which it no longer states for these.
	 */
	static final String ASSET = "^[a-zA-Z0-9][a-zA-Z0-9_-]{0,254}$";

	/** The specification's pattern for connection names, the workspace's. */
	static final String CONNECTION = WORKSPACE;

	private AzureNames() {
	}

	static boolean isSubscriptionId(String name) {
		if (name.length() != 36) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			boolean ok = (i == 8 || i == 13 || i == 18 || i == 23) ? c == '-' : isHexDigit(c);
			if (!ok) {
				return false;
			}
		}
		return true;
	}

	static boolean isResourceGroup(String name) {
		if (name.isEmpty() || name.length() > 90 || name.charAt(name.length() - 1) == '.') {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (!(isLetterOrDigit(c) || c == '_' || c == '.' || c == '(' || c == ')' || c == '-')) {
				return false;
			}
		}
		return true;
	}

	static boolean isWorkspace(String name) {
		return isWord(name, 3, 33);
	}

	static boolean isOnlineEndpoint(String name) {
		if (name.length() < 3 || name.length() > 32 || !isLetter(name.charAt(0))) {
			return false;
		}
		for (int i = 1; i < name.length(); i++) {
			char c = name.charAt(i);
			if (!(isLetterOrDigit(c) || c == '-')) {
				return false;
			}
		}
		return true;
	}

	static boolean isAsset(String name) {
		return isWord(name, 1, 255);
	}

	/** {@code ^[a-zA-Z0-9][a-zA-Z0-9_-]*$} of {@code min} to {@code max} characters. */
	private static boolean isWord(String name, int min, int max) {
		if (name.length() < min || name.length() > max || !isLetterOrDigit(name.charAt(0))) {
			return false;
		}
		for (int i = 1; i < name.length(); i++) {
			char c = name.charAt(i);
			if (!(isLetterOrDigit(c) || c == '_' || c == '-')) {
				return false;
			}
		}
		return true;
	}

	static boolean isConnection(String name) {
		return isWorkspace(name);
	}

	static boolean isCompute(String name) {
		if (name.length() < 3 || name.length() > 24 || !isLetter(name.charAt(0))) {
			return false;
		}
		for (int i = 1; i < name.length(); i++) {
			char c = name.charAt(i);
			if (!(isLetterOrDigit(c) || c == '-')) {
				return false;
			}
		}
		// No dash followed by nothing but (one or more) digits at the end.
		int end = name.length() - 1;
		while (end > 0 && isDigit(name.charAt(end))) {
			end--;
		}
		return end == name.length() - 1 || name.charAt(end) != '-';
	}

	private static boolean isHexDigit(char c) {
		return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	private static boolean isLetterOrDigit(char c) {
		return isLetter(c) || isDigit(c);
	}

	private static boolean isLetter(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

}
