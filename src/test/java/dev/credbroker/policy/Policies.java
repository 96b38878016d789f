package dev.credbroker.policy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import dev.credbroker.support.Fixtures;
import dev.credbroker.support.TestPolicies;

/**
 * Policy files loaded as the broker loads them, for tests here and outside this package.
 */
public final class Policies {

	/** What the broker of most of these tests trusts: one issuer, which rules may leave out. */
	static final Set<String> ONE_ISSUER = Set.of(TestPolicies.TRUSTED_ISSUER);

	private Policies() {
	}

	/**
	 * A policy as a broker trusting the one issuer {@link TestPolicies#TRUSTED_ISSUER} loads it.
	 * @param source where it comes from
	 * @param content its content
	 * @return the policy
	 */
	public static Policy load(String source, byte[] content) {
		return PolicyLoader.load(source, content, ONE_ISSUER);
	}

	static Policy load(String yaml) {
		return load("policies.yaml", yaml.getBytes(StandardCharsets.UTF_8));
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

	/**
	 * The claims of a token from {@link TestPolicies#TRUSTED_ISSUER}.
	 * @param claims its other claims
	 * @return the claims, {@code iss} included
	 */
	static Map<String, Object> fromTrustedIssuer(Map<String, Object> claims) {
		Map<String, Object> all = new HashMap<>(claims);
		all.put("iss", TestPolicies.TRUSTED_ISSUER);
		return all;
	}

}
