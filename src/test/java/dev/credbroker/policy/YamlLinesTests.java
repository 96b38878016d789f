package dev.credbroker.policy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where an entry of a YAML document is, by its path: the deepest part of the path that exists.
 */
class YamlLinesTests {

	private final YamlLines lines = new YamlLines("""
			teams:
			  - name: a
			    members: [{claim: roles, anyOf: [x]}]
			""".getBytes(StandardCharsets.UTF_8));

	@Test
	void aKeyIsWhereItsNameStandsAndAnItemWhereItStarts() {
		assertThat(this.lines.position(List.of("teams"))).hasToString("line 1, column 1");
		assertThat(this.lines.position(List.of("teams", 0))).hasToString("line 2, column 5");
		assertThat(this.lines.position(List.of("teams", 0, "members", 0, "anyOf", 0)))
			.isEqualTo(new YamlLines.Position(3, 38));
	}

	@Test
	void aPathBeyondTheDocumentEndsAtItsDeepestEntry() {
		assertThat(this.lines.position(List.of("teams", 1, "name"))).hasToString("line 1, column 1");
		assertThat(this.lines.position(List.of("teams", 0, "grants", 0))).hasToString("line 2, column 5");
		assertThat(this.lines.position(List.of("teams", 0, "members", 1))).hasToString("line 3, column 5");
	}

	@Test
	void aDocumentNestedTooDeepIsNotReadFurther() {
		YamlLines deep = new YamlLines("[".repeat(100_000).getBytes(StandardCharsets.UTF_8));

		assertThat(deep.tooDeep()).isEqualTo(new YamlLines.Position(1, 33));
		assertThat(deep.isEmpty()).isFalse();
		assertThat(deep.position(List.of(0, 0))).isEqualTo(YamlLines.Position.START);
		assertThat(this.lines.tooDeep()).isNull();
	}

	@Test
	void aDocumentThatCannotBeReadIsPointedAtItsStart() {
		YamlLines broken = new YamlLines("teams: [\n".getBytes(StandardCharsets.UTF_8));

		assertThat(broken.isEmpty()).isFalse();
		assertThat(broken.position(List.of("teams", 0))).isEqualTo(YamlLines.Position.START);
		assertThat(new YamlLines("# nothing\n".getBytes(StandardCharsets.UTF_8)).isEmpty()).isTrue();
	}

}
