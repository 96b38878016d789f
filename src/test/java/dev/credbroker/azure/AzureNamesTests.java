package dev.credbroker.azure;

import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import dev.credbroker.support.ShortStrings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The name checks are loops for speed; the published expressions are the rules. Each loop must
 * give the expression's answer for every short string over an alphabet of allowed characters and
 * their neighbours, and for many longer ones shaped like names near the rules' edges.
 */
class AzureNamesTests {

	private static final String ALPHABET = "afgzAFGZ09-_.()/ \n\u00e4\u212a";

	private static final Pattern SUBSCRIPTION_ID = Pattern.compile(AzureNames.SUBSCRIPTION_ID);

	private static final Pattern RESOURCE_GROUP = Pattern.compile(AzureNames.RESOURCE_GROUP);

	private static final Pattern WORKSPACE = Pattern.compile(AzureNames.WORKSPACE);

	private static final Pattern COMPUTE = Pattern.compile(AzureNames.COMPUTE);

	private static final Pattern ONLINE_ENDPOINT = Pattern.compile(AzureNames.ONLINE_ENDPOINT);

	private static final Pattern ASSET = Pattern.compile(AzureNames.ASSET);

	private static final Pattern CONNECTION = Pattern.compile(AzureNames.CONNECTION);

	@Test
	void shortStrings() {
		ShortStrings.upTo(ALPHABET, 4).forEach(AzureNamesTests::assertAllAgree);
	}

	@Test
	void nameShapedStrings() {
		Random random = new Random(20261125);
		for (int i = 0; i < 200_000; i++) {
			assertAllAgree(mutate(random, shaped(random), random.nextInt(3)));
		}
	}

	@Test
	void edgesOfEachRule() {
		assertThat(AzureNames.isSubscriptionId("34adfa4f-cedf-4dc0-ba29-b6d1a69ab345")).isTrue();
		assertThat(AzureNames.isSubscriptionId("34adfa4f-cedf-4dc0-ba29-b6d1a69ab34g")).isFalse();
		assertThat(AzureNames.isResourceGroup("r".repeat(90))).isTrue();
		assertThat(AzureNames.isResourceGroup("r".repeat(91))).isFalse();
		assertThat(AzureNames.isResourceGroup("rg.")).isFalse();
		assertThat(AzureNames.isWorkspace("w".repeat(33))).isTrue();
		assertThat(AzureNames.isWorkspace("w".repeat(34))).isFalse();
		assertThat(AzureNames.isWorkspace("_ws")).isFalse();
		assertThat(AzureNames.isCompute("c".repeat(24))).isTrue();
		assertThat(AzureNames.isCompute("c".repeat(25))).isFalse();
		assertThat(AzureNames.isCompute("compute-12")).isFalse();
		assertThat(AzureNames.isCompute("compute-12a")).isTrue();
		assertThat(AzureNames.isCompute("compute12")).isTrue();
		assertThat(AzureNames.isCompute("c-1")).isFalse();
		assertThat(AzureNames.isOnlineEndpoint("e".repeat(32))).isTrue();
		assertThat(AzureNames.isOnlineEndpoint("e".repeat(33))).isFalse();
		assertThat(AzureNames.isOnlineEndpoint("e-1")).isTrue();
		assertThat(AzureNames.isOnlineEndpoint("1ep")).isFalse();
		assertThat(AzureNames.isOnlineEndpoint("e_p")).isFalse();
		assertThat(AzureNames.isAsset("a")).isTrue();
		assertThat(AzureNames.isAsset("a".repeat(255))).isTrue();
		assertThat(AzureNames.isAsset("a".repeat(256))).isFalse();
		assertThat(AzureNames.isAsset("_a")).isFalse();
		assertThat(AzureNames.isAsset("")).isFalse();
		assertThat(AzureNames.isConnection("c".repeat(33))).isTrue();
		assertThat(AzureNames.isConnection("c".repeat(34))).isFalse();
	}

	private static void assertAllAgree(String name) {
		assertAgrees(SUBSCRIPTION_ID, AzureNames::isSubscriptionId, name);
		assertAgrees(RESOURCE_GROUP, AzureNames::isResourceGroup, name);
		assertAgrees(WORKSPACE, AzureNames::isWorkspace, name);
		assertAgrees(COMPUTE, AzureNames::isCompute, name);
		assertAgrees(ONLINE_ENDPOINT, AzureNames::isOnlineEndpoint, name);
		assertAgrees(ASSET, AzureNames::isAsset, name);
		assertAgrees(CONNECTION, AzureNames::isConnection, name);
	}

	private static void assertAgrees(Pattern rule, Predicate<String> check, String name) {
		boolean published = rule.matcher(name).matches();
		if (check.test(name) != published) {
			assertThat(check.test(name)).as("'%s' against %s", name, rule).isEqualTo(published);
		}
	}

	/** A GUID, a run of name characters, or letters, a dash and digits, at lengths around the limits. */
	private static String shaped(Random random) {
		StringBuilder name = new StringBuilder();
		switch (random.nextInt(3)) {
			case 0 -> {
				for (int i = 0; i < 36; i++) {
					name.append((i == 8 || i == 13 || i == 18 || i == 23) ? '-' : pick(random, "0123456789abcdefABCDEF"));
				}
			}
			case 1 -> {
				int length = random.nextInt(random.nextBoolean() ? 95 : 260);
				for (int i = 0; i < length; i++) {
					name.append(pick(random, "abcXYZ0189-_.()"));
				}
			}
			default -> {
				int letters = 1 + random.nextInt(22);
				for (int i = 0; i < letters; i++) {
					name.append(pick(random, "abcXYZ019-"));
				}
				name.append('-');
				for (int i = random.nextInt(4); i > 0; i--) {
					name.append(pick(random, "0123456789"));
				}
			}
		}
		return name.toString();
	}

	private static String mutate(Random random, String name, int times) {
		StringBuilder mutated = new StringBuilder(name);
		for (int i = 0; i < times; i++) {
			int at = random.nextInt(mutated.length() + 1);
			char c = pick(random, ALPHABET);
			switch (random.nextInt(3)) {
				case 0 -> mutated.insert(at, c);
				case 1 -> {
					if (at < mutated.length()) {
						mutated.deleteCharAt(at);
					}
				}
				default -> {
					if (at < mutated.length()) {
						mutated.setCharAt(at, c);
					}
				}
			}
		}
		return mutated.toString();
	}

	private static char pick(Random random, String characters) {
		return characters.charAt(random.nextInt(characters.length()));
	}

}
