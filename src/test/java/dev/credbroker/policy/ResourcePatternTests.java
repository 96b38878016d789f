package dev.credbroker.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.credbroker.support.ShortStrings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.fail;

class ResourcePatternTests {

	private static final String WORKSPACES = "/subscriptions/*/resourceGroups/rg-alpha*/providers/Microsoft.MachineLearningServices/workspaces/*";

	private static final List<String> SHORT_IDS = ShortStrings.upTo("aBb/", 5);

	/**
	 * The expression's answers on {@link #SHORT_IDS}, by pattern, kept for the JVM's life: the
	 * mutation run repeats these tests once per mutant, and the expressions are most of their cost.
	 */
	private static final Map<String, boolean[]> SHORT_ANSWERS = new ConcurrentHashMap<>();

	private static final String WS1 = "/subscriptions/00000000-0000-4000-8000-0000000000a1/resourceGroups/rg-alpha-1/providers/Microsoft.MachineLearningServices/workspaces/ws1";

	@Test
	void starMatchesWithinOneSegment() {
		ResourcePattern pattern = ResourcePattern.parse(WORKSPACES);

		assertThat(pattern.matches(WS1)).isTrue();
		assertThat(pattern.matches(WS1 + "/computes/c1")).isFalse();
		assertThat(pattern.matches(WS1.replace("rg-alpha-1", "rg-beta"))).isFalse();
		assertThat(pattern.matches(WS1.replace("rg-alpha-1", "rg-alpha"))).isTrue();
	}

	@Test
	void armIdsAreCaseInsensitive() {
		ResourcePattern pattern = ResourcePattern.parse(WORKSPACES);

		assertThat(pattern.matches(WS1.replace("rg-alpha-1", "rg-ALPHA-1"))).isTrue();
		assertThat(pattern.matches(WS1.toUpperCase())).isTrue();
		assertThat(pattern.matches(WS1.replace("Microsoft.MachineLearningServices", "microsoft.machinelearningservices")))
			.isTrue();
	}

	@Test
	void caseFoldingIsAsciiOnly() {
		// U+212A KELVIN SIGN folds to 'k' under Unicode rules; ARM names are ASCII, so no trick may
		// make a name match a pattern it does not spell.
		ResourcePattern pattern = ResourcePattern.parse("/subscriptions/*/resourceGroups/rg-k/**");

		assertThat(pattern.matches("/subscriptions/s/resourceGroups/rg-K/x")).isTrue();
		assertThat(pattern.matches("/subscriptions/s/resourceGroups/rg-\u212A/x")).isFalse();
		assertThat(ResourcePattern.parse("/subscriptions/*/resourceGroups/rg-i/**")
			.matches("/subscriptions/s/resourceGroups/rg-\u0130/x")).isFalse();
	}

	@Test
	void caseFoldingCoversEveryAsciiLetterBothWays() {
		String upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
		String lower = "abcdefghijklmnopqrstuvwxyz";

		assertThat(ResourcePattern.parse("/" + upper + "/*").matches("/" + lower + "/x")).isTrue();
		assertThat(ResourcePattern.parse("/" + lower + "/*").matches("/" + upper + "/x")).isTrue();
		assertThat(ResourcePattern.parse("/" + upper + "*" + upper).matches("/" + lower + "-" + upper)).isTrue();
		assertThat(ResourcePattern.parse("/a*" + lower + "*z").matches("/A." + upper + ".Z")).isTrue();
		// Only A-Z are folded: their neighbours stay what they are.
		assertThat(ResourcePattern.parse("/a*").matches("/@")).isFalse();
		assertThat(ResourcePattern.parse("/*z").matches("/[")).isFalse();
		assertThat(ResourcePattern.parse("/x").matches("/X")).isTrue();
	}

	@Test
	void doubleStarAtTheStartInTheMiddleAndAtTheEnd() {
		ResourcePattern start = ResourcePattern.parse("/**/workspaces/ws*");
		assertThat(start.matches("/workspaces/ws1")).isTrue();
		assertThat(start.matches(WS1)).isTrue();
		assertThat(start.matches(WS1 + "/computes/c1")).isFalse();

		ResourcePattern middle = ResourcePattern.parse("/subscriptions/*/**/workspaces/ws1");
		assertThat(middle.matches(WS1)).isTrue();
		assertThat(middle.matches("/subscriptions/s/workspaces/ws1")).isTrue();
		assertThat(middle.matches("/subscriptions/workspaces/ws1")).isFalse();

		ResourcePattern end = ResourcePattern.parse("/subscriptions/*/resourceGroups/rg-alpha-1/**");
		assertThat(end.matches("/subscriptions/s/resourceGroups/rg-alpha-1")).isTrue();
		assertThat(end.matches(WS1 + "/computes/c1")).isTrue();
		assertThat(end.matches(WS1.replace("rg-alpha-1", "rg-alpha-10"))).isFalse();
	}

	@Test
	void doubleStarNeverMatchesAnEmptySegment() {
		assertThat(ResourcePattern.parse("/subscriptions/**").matches("/subscriptions/")).isFalse();
		assertThat(ResourcePattern.parse("/subscriptions/**").matches("/subscriptions//x")).isFalse();
		assertThat(ResourcePattern.parse("/subscriptions/*").matches("/subscriptions/")).isTrue();
	}

	@Test
	void anIdMustStartWithASlash() {
		assertThat(ResourcePattern.parse("/**").matches("subscriptions")).isFalse();
		assertThat(ResourcePattern.parse("/*").matches("x")).isFalse();
		assertThat(ResourcePattern.parse("/**").matches("/subscriptions")).isTrue();
		// No segments at all: only a pattern of ** alone matches them, as its expression did.
		assertThat(ResourcePattern.parse("/**").matches("")).isTrue();
		assertThat(ResourcePattern.parse("/*").matches("")).isFalse();
		assertThat(ResourcePattern.parse("/**/**").matches("")).isTrue();
	}

	@Test
	void aPatternHasAtMost1024CharactersAnd32Segments() {
		String segments32 = "/subscriptions" + "/*".repeat(31);
		assertThat(ResourcePattern.parse(segments32).matches("/subscriptions" + "/x".repeat(31))).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> ResourcePattern.parse(segments32 + "/*"))
			.withMessageContaining("more than 32 segments");

		String chars1024 = "/" + "s".repeat(1023);
		assertThat(ResourcePattern.parse(chars1024).matches(chars1024.toUpperCase())).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> ResourcePattern.parse(chars1024 + "s"))
			.withMessageContaining("at most 1024 characters");
	}

	@Test
	void segmentsAreCheckedAsTheRegularExpressionSays() {
		for (String segment : ShortStrings.upTo("azAZ09_-.()*/@[`{ '\u00e4\u212a", 3)) {
			assertThat(ResourcePattern.isSegment(segment)).as("'%s'", segment)
				.isEqualTo(RegexSpec.isResourceSegment(segment));
		}
	}

	@Test
	void agreesWithTheRegularExpressionOnEveryShortPatternAndId() {
		List<String> segments = List.of("a", "B", "*", "**", "a*", "*b", "A*b");
		List<String> patterns = new ArrayList<>();
		for (String first : segments) {
			patterns.add("/" + first);
			for (String second : segments) {
				patterns.add("/" + first + "/" + second);
				for (String third : segments) {
					patterns.add("/" + first + "/" + second + "/" + third);
				}
			}
		}
		for (String text : patterns) {
			ResourcePattern pattern = ResourcePattern.parse(text);
			boolean[] expected = SHORT_ANSWERS.computeIfAbsent(text,
					(key) -> RegexSpec.answers(RegexSpec.resource(key), SHORT_IDS));
			for (int i = 0; i < SHORT_IDS.size(); i++) {
				if (pattern.matches(SHORT_IDS.get(i)) != expected[i]) {
					fail("%s matches '%s': %s, the expression says %s", text, SHORT_IDS.get(i), !expected[i],
							expected[i]);
				}
			}
		}
	}

	@Test
	void starNeverCrossesASegment() {
		ResourcePattern pattern = ResourcePattern.parse("/subscriptions/*/resourceGroups/rg-alpha*/**");

		assertThat(pattern.matches("/subscriptions/s/resourceGroups/rg-alpha-1/providers/x")).isTrue();
		assertThat(ResourcePattern.parse("/subscriptions/*/resourceGroups/rg-alpha*")
			.matches("/subscriptions/s/resourceGroups/rg-alpha/x")).isFalse();
		assertThat(pattern.matches("/subscriptions/s/x/resourceGroups/rg-alpha-1")).isFalse();
	}

	@Test
	void doubleStarMatchesAnyNumberOfWholeSegments() {
		ResourcePattern pattern = ResourcePattern.parse("/subscriptions/**");

		assertThat(pattern.matches(WS1)).isTrue();
		assertThat(pattern.matches(WS1 + "/computes/c1")).isTrue();
		assertThat(pattern.matches("/subscriptions")).isTrue();
		assertThat(pattern.matches("/subscriptionsX/a")).isFalse();
		ResourcePattern middle = ResourcePattern.parse("/subscriptions/**/computes/*");
		assertThat(middle.matches(WS1 + "/computes/c1")).isTrue();
		assertThat(middle.matches(WS1)).isFalse();
	}

	@Test
	void regexCharactersAreLiteral() {
		ResourcePattern pattern = ResourcePattern.parse("/subscriptions/*/resourceGroups/rg.(x)");

		assertThat(pattern.matches("/subscriptions/s/resourceGroups/rg.(x)")).isTrue();
		assertThat(pattern.matches("/subscriptions/s/resourceGroups/rgX(x)")).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "subscriptions/*", "/subscriptions//x", "/subscriptions/**x", "/subscriptions/a**",
			"/subscriptions/a b", "/subscriptions/é", "/subscriptions/a%2Fb", "/subscriptions/a\\b", "/subscriptions/",
			"/", "//", "/subscriptions/\u212a" })
	void invalidPatterns(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> ResourcePattern.parse(text));
	}

	@Test
	void namedByItsText() {
		assertThat(ResourcePattern.parse(WORKSPACES)).hasToString(WORKSPACES);
	}

}
