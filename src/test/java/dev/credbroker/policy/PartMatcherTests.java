package dev.credbroker.policy;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PartMatcherTests {

	@Test
	void aPatternHasAtMost63PartsOnePositionBitEach() {
		List<String> longest = Collections.nCopies(PartMatcher.MAX_PARTS, "a");
		PartMatcher matcher = new PartMatcher(longest, '.', false);

		assertThat(matcher.matches(String.join(".", longest), 0)).isTrue();
		assertThat(matcher.matches(String.join(".", longest) + ".a", 0)).isFalse();
		assertThat(matcher.matches(String.join(".", longest.subList(1, longest.size())), 0)).isFalse();
		assertThat(new PartMatcher(Collections.nCopies(62, "*").stream().toList(), '.', false)
			.matches(String.join(".", longest), 0)).isFalse();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PartMatcher(Collections.nCopies(PartMatcher.MAX_PARTS + 1, "a"), '.', false));
	}

	@Test
	void aRunOfDoubleStarsIsOnePosition() {
		// 62 parts of ** around one literal would not fit one bit each; collapsed, they are three.
		List<String> parts = new java.util.ArrayList<>(Collections.nCopies(40, "**"));
		parts.add("a");
		parts.addAll(Collections.nCopies(40, "**"));
		PartMatcher matcher = new PartMatcher(parts, '/', false);

		assertThat(matcher.matches("a", 0)).isTrue();
		assertThat(matcher.matches("x/y/a/z", 0)).isTrue();
		assertThat(matcher.matches("x/y/z", 0)).isFalse();
	}

	@Test
	void theTextIsMatchedFromItsStartingIndex() {
		PartMatcher matcher = new PartMatcher(List.of("a", "b"), '/', false);

		assertThat(matcher.matches("/a/b", 1)).isTrue();
		assertThat(matcher.matches("xa/b", 1)).isTrue();
		assertThat(matcher.matches("/a/b", 0)).isFalse();
	}

	@Test
	void onlyADoubleStarAloneMatchesNoParts() {
		assertThat(new PartMatcher(List.of("**"), '/', false).matchesNoParts()).isTrue();
		assertThat(new PartMatcher(List.of("**", "**"), '/', false).matchesNoParts()).isTrue();
		assertThat(new PartMatcher(List.of("*"), '/', false).matchesNoParts()).isFalse();
		assertThat(new PartMatcher(List.of("**", "a"), '/', false).matchesNoParts()).isFalse();
	}

	@Test
	void caseIsFoldedForAsciiLettersOnlyAndOnlyWhenAsked() {
		PartMatcher folding = new PartMatcher(List.of("Ab*Z"), '.', true);
		PartMatcher exact = new PartMatcher(List.of("Ab*Z"), '.', false);

		assertThat(folding.matches("aBxz", 0)).isTrue();
		assertThat(folding.matches("ABZ", 0)).isTrue();
		assertThat(exact.matches("aBxz", 0)).isFalse();
		assertThat(exact.matches("AbxZ", 0)).isTrue();
		assertThat(new PartMatcher(List.of("k"), '.', true).matches("\u212a", 0)).isFalse();
		assertThat(new PartMatcher(List.of("i*"), '.', true).matches("\u0130", 0)).isFalse();
		assertThat(new PartMatcher(List.of("*k*"), '.', true).matches("a\u212ab", 0)).isFalse();
	}

	@Test
	void splitKeepsEmptyPiecesAsStringSplitDoes() {
		for (String text : List.of("", ".", "a", "a.", ".a", "a..b", "a.b.c", "..")) {
			assertThat(PartMatcher.split(text, '.')).as("'%s'", text).containsExactly(text.split("\\.", -1));
		}
	}

	@Test
	void asciiLowerCaseLowersAToZOnly() {
		assertThat(PartMatcher.asciiLowerCase("@AZ[`az{\u00c4\u212a")).isEqualTo("@az[`az{\u00c4\u212a");
	}

}
