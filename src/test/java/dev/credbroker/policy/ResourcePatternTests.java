package dev.credbroker.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ResourcePatternTests {

	private static final String WORKSPACES = "/subscriptions/*/resourceGroups/rg-alpha*/providers/Microsoft.MachineLearningServices/workspaces/*";

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
			"/subscriptions/a b", "/subscriptions/é", "/subscriptions/a%2Fb", "/subscriptions/a\\b", "/subscriptions/" })
	void invalidPatterns(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> ResourcePattern.parse(text));
	}

}
