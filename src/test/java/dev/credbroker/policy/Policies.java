package dev.credbroker.policy;

import java.nio.charset.StandardCharsets;

import dev.credbroker.support.Fixtures;

/**
 * Policy files loaded as the broker loads them, for tests here and outside this package.
 */
public final class Policies {

	private Policies() {
	}

	public static Policy load(String source, byte[] content) {
		return PolicyLoader.load(source, content);
	}

	/**
	 * One of the test policies under {@code src/test/resources/dev/credbroker/policy/}.
	 * @param name its file name
	 * @return the policy
	 */
	static Policy named(String name) {
		return load(name, text(name).getBytes(StandardCharsets.UTF_8));
	}

	static String text(String name) {
		return Fixtures.resource("/dev/credbroker/policy/" + name);
	}

}
