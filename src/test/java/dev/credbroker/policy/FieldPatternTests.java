package dev.credbroker.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import dev.credbroker.support.ShortStrings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.fail;

class FieldPatternTests {

	/** Parts that make every shape: names, stars at each place in a part, and {@code **}. */
	private static final List<String> PARTS = List.of("a", "b", "ab", "*", "**", "a*", "*b", "a*b", "*a*");

	private static final List<String> SHORT_FIELDS = ShortStrings.upTo("ab.", 5);

	/**
	 * The expression's answers in the generated cases, by pattern (and fields, when they vary),
	 * kept for the JVM's life: the mutation run repeats these tests once per mutant, and the
	 * expressions are most of their cost.
	 */
	private static final Map<String, boolean[]> SPEC_ANSWERS = new ConcurrentHashMap<>();

	@Test
	void aNameMatchesItselfOnly() {
		FieldPattern pattern = FieldPattern.parse("notebook.primaryAccessKey");

		assertThat(pattern.isName()).isTrue();
		assertThat(pattern.matches("notebook.primaryAccessKey")).isTrue();
		assertThat(pattern.matches("notebook.primaryAccessKeyX")).isFalse();
		assertThat(pattern.matches("notebook.primaryaccesskey")).isFalse();
		assertThat(pattern.matches("x.notebook.primaryAccessKey")).isFalse();
	}

	@Test
	void starMatchesWithinOnePart() {
		FieldPattern pattern = FieldPattern.parse("containerRegistry.passwords.*");

		assertThat(pattern.isName()).isFalse();
		assertThat(pattern.matches("containerRegistry.passwords.password")).isTrue();
		assertThat(pattern.matches("containerRegistry.passwords.password2")).isTrue();
		assertThat(pattern.matches("containerRegistry.passwords")).isFalse();
		assertThat(pattern.matches("containerRegistry.username")).isFalse();
		assertThat(FieldPattern.parse("notebook.*").matches("notebook.a.b")).isFalse();
		assertThat(FieldPattern.parse("notebook.primary*").matches("notebook.primaryAccessKey")).isTrue();
		assertThat(FieldPattern.parse("*.username").matches("vm.username")).isTrue();
		assertThat(FieldPattern.parse("*.username").matches("containerRegistry.username")).isTrue();
		assertThat(FieldPattern.parse("*").matches("userStorageKey")).isTrue();
		assertThat(FieldPattern.parse("*").matches("vm.username")).isFalse();
	}

	@Test
	void starsInAPartMatchTheirLiteralsInOrder() {
		FieldPattern pattern = FieldPattern.parse("a.*Access*Key");

		assertThat(pattern.matches("a.primaryAccessKey")).isTrue();
		assertThat(pattern.matches("a.AccessKey")).isTrue();
		assertThat(pattern.matches("a.AccesKey")).isFalse();
		assertThat(pattern.matches("a.KeyAccess")).isFalse();
		assertThat(pattern.matches("a.primaryAccessKeyX")).isFalse();
		// The literals before and after the stars may not overlap: "ab*ba" needs four characters.
		assertThat(FieldPattern.parse("x.ab*ba").matches("x.aba")).isFalse();
		assertThat(FieldPattern.parse("x.ab*ba").matches("x.abba")).isTrue();
		assertThat(FieldPattern.parse("x.a*b*c").matches("x.acb")).isFalse();
		assertThat(FieldPattern.parse("x.a*b*c").matches("x.abbc")).isTrue();
		assertThat(FieldPattern.parse("x.a*bc*c").matches("x.abcc")).isTrue();
		assertThat(FieldPattern.parse("x.a*bc*c").matches("x.abc")).isFalse();
	}

	@Test
	void theLiteralsBetweenStarsAreFoundInOrderWithoutOverlapping() {
		assertThat(FieldPattern.parse("x.*ab*ba*").matches("x.aba")).isFalse();
		assertThat(FieldPattern.parse("x.*ab*ba*").matches("x.abba")).isTrue();
		assertThat(FieldPattern.parse("x.*aa*aa*").matches("x.aaa")).isFalse();
		assertThat(FieldPattern.parse("x.*aa*aa*").matches("x.aaaa")).isTrue();
		assertThat(FieldPattern.parse("x.*b*a*").matches("x.aab")).isFalse();
		assertThat(FieldPattern.parse("x.*b*a*").matches("x.ba")).isTrue();
		assertThat(FieldPattern.parse("x.*b*a*").matches("x.aaba")).isTrue();
	}

	@Test
	void theUsualShapesAreMatchedWithStringOperations() {
		// Every request matches every field against its grants' patterns: these shapes must not
		// pay for the part-by-part matcher.
		assertThat(FieldPattern.parse("notebook.primaryAccessKey").shape()).isEqualTo(FieldPattern.Shape.NAME);
		assertThat(FieldPattern.parse("**").shape()).isEqualTo(FieldPattern.Shape.ANY);
		assertThat(FieldPattern.parse("containerRegistry.**").shape()).isEqualTo(FieldPattern.Shape.SUBTREE);
		assertThat(FieldPattern.parse("notebook.*").shape()).isEqualTo(FieldPattern.Shape.CHILD);
		assertThat(FieldPattern.parse("a.*.**").shape()).isEqualTo(FieldPattern.Shape.PARTS);
		assertThat(FieldPattern.parse("a.**.*").shape()).isEqualTo(FieldPattern.Shape.PARTS);
		assertThat(FieldPattern.parse("**.a").shape()).isEqualTo(FieldPattern.Shape.PARTS);
		assertThat(FieldPattern.parse("a*").shape()).isEqualTo(FieldPattern.Shape.PARTS);
	}

	@Test
	void doubleStarMatchesAnyNumberOfParts() {
		FieldPattern trailing = FieldPattern.parse("containerRegistry.**");

		assertThat(trailing.matches("containerRegistry.username")).isTrue();
		assertThat(trailing.matches("containerRegistry.passwords.password2")).isTrue();
		assertThat(trailing.matches("containerRegistryX.username")).isFalse();
		assertThat(trailing.matches("notebook.primaryAccessKey")).isFalse();
		assertThat(FieldPattern.parse("**").matches("containerRegistry.passwords.password")).isTrue();
		assertThat(FieldPattern.parse("**").matches("userStorageKey")).isTrue();
		assertThat(FieldPattern.parse("**.password").matches("containerRegistry.passwords.password")).isTrue();
		assertThat(FieldPattern.parse("**.password").matches("vm.password")).isTrue();
		assertThat(FieldPattern.parse("**.password").matches("vm.passwordX")).isFalse();
		assertThat(FieldPattern.parse("containerRegistry.**.password").matches("containerRegistry.passwords.password"))
			.isTrue();
	}

	@Test
	void doubleStarAtTheStartInTheMiddleAndAtTheEndMatchesZeroOrMoreWholeParts() {
		FieldPattern start = FieldPattern.parse("**.b*.c");
		assertThat(start.matches("b.c")).isTrue();
		assertThat(start.matches("x.y.b2.c")).isTrue();
		assertThat(start.matches("x.y.b2.c.d")).isFalse();
		assertThat(start.matches("xb.c")).isFalse();

		FieldPattern middle = FieldPattern.parse("a*.**.c");
		assertThat(middle.matches("a.c")).isTrue();
		assertThat(middle.matches("a1.x.y.z.c")).isTrue();
		assertThat(middle.matches("a1.x.y.z.cc")).isFalse();
		assertThat(middle.matches("a1.xc")).isFalse();
		assertThat(middle.matches("b.x.c")).isFalse();

		FieldPattern end = FieldPattern.parse("a*.b.**");
		assertThat(end.matches("a.b")).isTrue();
		assertThat(end.matches("a1.b.x.y")).isTrue();
		assertThat(end.matches("a1.bx")).isFalse();
		assertThat(end.matches("x.a1.b")).isFalse();
	}

	@Test
	void doubleStarNeverMatchesAnEmptyPartButStarDoes() {
		assertThat(FieldPattern.parse("a.**").matches("a.")).isFalse();
		assertThat(FieldPattern.parse("a.**").matches("a..b")).isFalse();
		assertThat(FieldPattern.parse("**").matches("a..b")).isFalse();
		assertThat(FieldPattern.parse("**.b*").matches(".b")).isFalse();
		assertThat(FieldPattern.parse("a*.**.b").matches("a..b")).isFalse();
		assertThat(FieldPattern.parse("a.*").matches("a.")).isTrue();
		assertThat(FieldPattern.parse("a*.*.b").matches("a..b")).isTrue();
	}

	@Test
	void repeatedDoubleStarsMatchAsOne() {
		for (String pattern : List.of("a*.**.**.b", "a*.**.**.**.b")) {
			FieldPattern repeated = FieldPattern.parse(pattern);
			assertThat(repeated.matches("a.b")).isTrue();
			assertThat(repeated.matches("a.x.b")).isTrue();
			assertThat(repeated.matches("a.x.y.z.b")).isTrue();
			assertThat(repeated.matches("a.x.y.z")).isFalse();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "", ".", "a.", ".a", "a..b", "a.**x", "a**", "a b", "a/b", "a.(b)", "a.b$", "ä",
			"notebook.[ab]", "a.+", "a.b\n", "a.\u212a" })
	void invalidPatterns(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> FieldPattern.parse(text));
	}

	@Test
	void aPatternHasAtMost128Characters() {
		String longest = "a".repeat(60) + ".*." + "b".repeat(65);
		assertThat(longest).hasSize(FieldPattern.MAX_LENGTH);

		assertThat(FieldPattern.parse(longest).matches("a".repeat(60) + ".x." + "b".repeat(65))).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> FieldPattern.parse(longest + "b"))
			.withMessage("a field pattern has 1 to 128 characters");
		assertThatIllegalArgumentException().isThrownBy(() -> FieldPattern.parse("a".repeat(129)));
	}

	@Test
	void aPatternHasAtMost16Parts() {
		String sixteen = String.join(".", List.of("a", "**", "*", "b*", "**", "c", "*", "**", "d", "*", "**", "e", "*",
				"**", "*f", "**"));
		assertThat(sixteen.split("\\.")).hasSize(FieldPattern.MAX_PARTS);

		assertThat(FieldPattern.parse(sixteen).matches("a.1.b.c.2.d.3.e.4.f")).isTrue();
		assertThat(FieldPattern.parse(sixteen).matches("a.1.b.c.2.d.3.e.4.g")).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> FieldPattern.parse(sixteen + ".g"))
			.withMessage("a field pattern has at most 16 parts");
		assertThat(FieldPattern.parse("a.".repeat(15) + "a").matches("a.".repeat(15) + "a")).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> FieldPattern.parse("a.".repeat(16) + "a"));
	}

	@Test
	void theWorstPatternWithinTheLimitsStillAnswersRightOnALongField() {
		// Sixteen parts, every other one **, the rest stars around a letter: the shape a
		// backtracking expression takes exponential time to refuse.
		String worst = String.join(".", List.of("**", "*a*", "**", "*a*", "**", "*a*", "**", "*a*", "**", "*a*", "**",
				"*a*", "**", "*a*", "**", "*b*"));
		FieldPattern pattern = FieldPattern.parse(worst);
		String field = String.join(".", java.util.Collections.nCopies(40, "xax"));

		assertThat(pattern.matches(field)).isFalse();
		assertThat(pattern.matches(field + ".b")).isTrue();
	}

	@Test
	void agreesWithTheRegularExpressionOnChosenCases() {
		List<String> patterns = List.of("userStorageKey", "notebook.primaryAccessKey", "**", "*", "notebook.*",
				"containerRegistry.**", "containerRegistry.passwords.*", "containerRegistry.passwords.**", "a-b_c.**",
				"notebook.primary*", "*.username", "**.password", "containerRegistry.**.password", "a.*.c", "a.**.**");
		List<String> fields = List.of("", ".", "..", "a", "a.", ".a", "a..b", "a.b", "a.b.", "a.b.c", "a.x.c",
				"userStorageKey", "userStorageKeyX", "notebook", "notebook.", "notebook.primaryAccessKey",
				"notebook.primaryAccessKey.x", "notebookX.primaryAccessKey", "notebook..x", "containerRegistry",
				"containerRegistry.", "containerRegistry.username", "containerRegistryX.username",
				"containerRegistry.passwords", "containerRegistry.passwords.", "containerRegistry.passwords.password",
				"containerRegistry.passwords.password2", "containerRegistry.passwords.a.b",
				"containerRegistry..passwords", "containerRegistry.passwords..x", "vm.username", "vm.password",
				"a-b_c", "a-b_c.d", "a-b_c..d", "x.a-b_c.d", "a b.c", "ä.ö", "notebook.*");
		for (String text : patterns) {
			assertAgree(text, fields);
		}
	}

	@Test
	void agreesWithTheRegularExpressionOnEveryShortPatternAndField() {
		// Every pattern of one to three parts against every field of up to five characters of
		// "ab.": each shape, and each place of a star and of **, against empty and repeated parts.
		List<String> fields = SHORT_FIELDS;
		List<String> patterns = new ArrayList<>(PARTS);
		for (int parts = 2; parts <= 3; parts++) {
			List<String> longer = new ArrayList<>();
			for (String pattern : patterns) {
				if (pattern.split("\\.").length == parts - 1) {
					PARTS.forEach((part) -> longer.add(pattern + "." + part));
				}
			}
			patterns.addAll(longer);
		}
		assertThat(patterns).hasSize(9 + 81 + 729);
		for (String text : patterns) {
			assertAgree(text, fields,
					SPEC_ANSWERS.computeIfAbsent(text, (key) -> RegexSpec.answers(RegexSpec.field(key), fields)));
		}
	}

	@Test
	void agreesWithTheRegularExpressionOnLongerRandomOnes() {
		Random random = new Random(20261201);
		for (int i = 0; i < 3_000; i++) {
			StringBuilder pattern = new StringBuilder(PARTS.get(random.nextInt(PARTS.size())));
			for (int parts = random.nextInt(8); parts > 0; parts--) {
				pattern.append('.').append(PARTS.get(random.nextInt(PARTS.size())));
			}
			List<String> fields = new ArrayList<>();
			for (int j = 0; j < 10; j++) {
				StringBuilder field = new StringBuilder();
				for (int length = random.nextInt(16); length > 0; length--) {
					field.append("ab.".charAt(random.nextInt(3)));
				}
				fields.add(field.toString());
			}
			String text = pattern.toString();
			assertAgree(text, fields, SPEC_ANSWERS.computeIfAbsent(text + " " + fields,
					(key) -> RegexSpec.answers(RegexSpec.field(text), fields)));
		}
	}

	@Test
	void partsAreCheckedAsTheRegularExpressionSays() {
		// Every string of up to four characters over an alphabet of allowed characters, their
		// neighbours in ASCII and beyond: the loop must agree with the published expression.
		for (String part : ShortStrings.upTo("azAZ09_-*./@[`{ \u00e4\u212a", 4)) {
			assertThat(FieldPattern.isPart(part)).as("'%s'", part).isEqualTo(RegexSpec.isFieldPart(part));
		}
	}

	@Test
	void regexCharactersAreLiteral() {
		assertThatIllegalArgumentException().isThrownBy(() -> FieldPattern.parse("a.+"));
		assertThat(FieldPattern.parse("vm-1.user_name").matches("vm-1.user_name")).isTrue();
		assertThat(FieldPattern.parse("vm-1.user_name").matches("vmX1.user_name")).isFalse();
		assertThat(FieldPattern.parse("vm-*.user_name").matches("vm-.user_name")).isTrue();
		assertThat(FieldPattern.parse("vm-*.user_name").matches("vmX1.user_name")).isFalse();
	}

	@Test
	void equalWhenTheirTextIs() {
		assertThat(FieldPattern.parse("a.*")).isEqualTo(FieldPattern.parse("a.*"))
			.hasSameHashCodeAs(FieldPattern.parse("a.*"))
			.isNotEqualTo(FieldPattern.parse("a.**"))
			.hasToString("a.*");
		assertThat(FieldPattern.parse("a.*")).isNotEqualTo("a.*");
		// Hashed as its text, by which it is equal: a policy's lists drop repeated patterns.
		assertThat(FieldPattern.parse("a.*").hashCode()).isEqualTo("a.*".hashCode());
	}

	private static void assertAgree(String text, List<String> fields) {
		assertAgree(text, fields, RegexSpec.answers(RegexSpec.field(text), fields));
	}

	private static void assertAgree(String text, List<String> fields, boolean[] expected) {
		FieldPattern pattern = FieldPattern.parse(text);
		for (int i = 0; i < fields.size(); i++) {
			if (pattern.matches(fields.get(i)) != expected[i]) {
				fail("%s matches '%s': %s, the expression says %s", text, fields.get(i), !expected[i], expected[i]);
			}
		}
	}

}
