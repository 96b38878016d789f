package dev.credbroker.policy;

/**
 * Policy files loaded as the broker loads them, for tests outside this package.
 */
public final class Policies {

	private Policies() {
	}

	public static Policy load(String source, byte[] content) {
		return PolicyLoader.load(source, content);
	}

}
