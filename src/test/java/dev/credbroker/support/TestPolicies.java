package dev.credbroker.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test policies under {@code src/test/resources/dev/credbroker/policy/} as a broker under test
 * loads them. Their rules name {@link TestIssuer}'s issuers, whose URLs carry a port chosen at
 * start, by stand-ins such as {@value #TRUSTED_ISSUER}; a broker gets a copy with the real URLs.
 */
public final class TestPolicies {

	/** How test policies name the issuer {@link TestIssuer#TRUSTED}. */
	public static final String TRUSTED_ISSUER = "https://issuer.test/trusted";

	/** How test policies name the issuer {@link TestIssuer#PARTNER}. */
	public static final String PARTNER_ISSUER = "https://issuer.test/partner";

	private static final Pattern STAND_IN = Pattern.compile("https://issuer\\.test/([a-z]+)");

	private static final Map<String, String> locations = new ConcurrentHashMap<>();

	private TestPolicies() {
	}

	/**
	 * A test policy with the real URLs of the issuers it names, written once per JVM.
	 * @param name its file name
	 * @return the copy's location, for {@code broker.policy.location}
	 */
	public static String location(String name) {
		return locations.computeIfAbsent(name, TestPolicies::write);
	}

	/**
	 * Puts the real issuer URLs in place of the stand-ins.
	 * @param policy a policy's text
	 * @return the text as a broker trusting {@link TestIssuer}'s issuers loads it
	 */
	public static String withRealIssuers(String policy) {
		return STAND_IN.matcher(policy)
			.replaceAll((match) -> Matcher.quoteReplacement(TestIssuer.issuer(match.group(1))));
	}

	private static String write(String name) {
		try {
			Path file = Files.createTempFile(name.replace(".yaml", "-"), ".yaml");
			file.toFile().deleteOnExit();
			Files.writeString(file, withRealIssuers(Fixtures.resource("/dev/credbroker/policy/" + name)));
			return file.toUri().toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
