package dev.credbroker.policy;

import java.util.List;

import dev.credbroker.support.ShortStrings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FieldPatternTests {

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

	@ParameterizedTest
	@ValueSource(strings = { "", ".", "a.", ".a", "a..b", "a.**x", "a**", "a b", "a/b", "a.(b)", "a.b$", "ä",
			"notebook.[ab]" })
	void invalidPatterns(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> FieldPattern.parse(text));
	}

	@Test
	void shortcutsAgreeWithTheRegularExpression() {
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
			FieldPattern pattern = FieldPattern.parse(text);
			for (String field : fields) {
				assertThat(pattern.matches(field)).as("%s matches '%s'", text, field)
					.isEqualTo(pattern.matchesRegex(field));
			}
		}
	}

	@Test
	void partsAreCheckedAsTheRegularExpressionSays() {
		// Every string of up to four characters over an alphabet of allowed characters, their
		// neighbours in ASCII and beyond: the loop must agree with the published expression.
		for (String part : ShortStrings.upTo("azAZ09_-*./@[`{ \u00e4\u212a", 4)) {
			boolean published = FieldPattern.PART.matcher(part).matches() && (!part.contains("**") || part.equals("**"));
			assertThat(FieldPattern.isPart(part)).as("'%s'", part).isEqualTo(published);
		}
	}

	@Test
	void regexCharactersAreLiteral() {
		assertThatIllegalArgumentException().isThrownBy(() -> FieldPattern.parse("a.+"));
		assertThat(FieldPattern.parse("vm-1.user_name").matches("vm-1.user_name")).isTrue();
		assertThat(FieldPattern.parse("vm-1.user_name").matches("vmX1.user_name")).isFalse();
	}

}
