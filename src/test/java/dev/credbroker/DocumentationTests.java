package dev.credbroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation shows what the code does: each code block that says it includes a file
 * ({@code <!-- include PATH -->}, or {@code PATH#tag} for the lines between {@code tag::tag[]}
 * and {@code end::tag[]}) is that file's text, every link within the repository leads to a file
 * and a heading that exist, and the schema published for editors is the one the broker loads.
 */
class DocumentationTests {

	private static final Pattern INCLUDE = Pattern.compile("<!-- include (\\S+?)(?:#(\\S+))? -->\\n```[a-z]*\\n(.*?)```",
			Pattern.DOTALL);

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

	static Stream<Path> documents() throws IOException {
		try (Stream<Path> docs = Files.list(Path.of("docs"))) {
			List<Path> all = new ArrayList<>(List.of(Path.of("README.md"), Path.of("bench/README.md"),
					Path.of("SECURITY.md"), Path.of("CHANGELOG.md")));
			all.addAll(docs.filter((path) -> path.toString().endsWith(".md")).sorted().toList());
			return all.stream();
		}
	}

	@Test
	void thePublishedSchemaIsTheOneTheBrokerLoads() throws IOException {
		assertThat(Files.readString(Path.of("docs/policy-schema.json")))
			.as("docs/policy-schema.json must be src/main/resources/policy-schema.json, which the broker loads: "
					+ "cp src/main/resources/policy-schema.json docs/")
			.isEqualTo(Files.readString(Path.of("src/main/resources/policy-schema.json")));
	}

	@ParameterizedTest
	@MethodSource("documents")
	void everyIncludedBlockIsTheFilesText(Path document) throws IOException {
		Matcher include = INCLUDE.matcher(Files.readString(document));
		while (include.find()) {
			Path file = Path.of(include.group(1));
			String expected = (include.group(2) != null) ? region(file, include.group(2)) : Files.readString(file);
			assertThat(include.group(3))
				.as("%s: the block after <!-- include %s%s --> must be that file's text", document, file,
						(include.group(2) != null) ? "#" + include.group(2) : "")
				.isEqualTo(expected);
		}
	}

	@Test
	void theDocumentsIncludeTheCookbookAndTheJavaExample() throws IOException {
		assertThat(Files.readString(Path.of("docs/policies.md")))
			.contains("<!-- include src/test/resources/dev/credbroker/cookbook/read-only-team.yaml -->")
			.contains("<!-- include src/test/resources/dev/credbroker/cookbook/ci-registry-passwords.yaml -->")
			.contains("<!-- include src/test/resources/dev/credbroker/cookbook/kubernetes-namespaces.yaml -->")
			.contains("<!-- include src/test/resources/dev/credbroker/cookbook/two-issuers.yaml -->");
		assertThat(Files.readString(Path.of("docs/calling-the-broker.md")))
			.contains("<!-- include src/test/java/dev/credbroker/examples/CredentialBroker.java#client -->");
	}

	@ParameterizedTest
	@MethodSource("documents")
	void everyLinkWithinTheRepositoryLeadsSomewhere(Path document) throws IOException {
		// Code is not prose: a regular expression in backticks is no link.
		String prose = Files.readString(document).replaceAll("(?s)```.*?```", "").replaceAll("`[^`\\n]*`", "");
		Matcher link = LINK.matcher(prose);
		while (link.find()) {
			String target = link.group(1);
			if (target.matches("[a-z]+:.*")) {
				continue;
			}
			int hash = target.indexOf('#');
			String file = (hash < 0) ? target : target.substring(0, hash);
			Path resolved = file.isEmpty() ? document : document.resolveSibling(file).normalize();
			assertThat(resolved).as("%s links to %s", document, target).exists();
			if (hash >= 0 && resolved.toString().endsWith(".md")) {
				assertThat(anchors(resolved)).as("%s links to %s", document, target).contains(target.substring(hash + 1));
			}
		}
	}

	@Test
	void theReadmeFits() throws IOException {
		List<String> readme = Files.readAllLines(Path.of("README.md"));

		assertThat(readme).hasSizeLessThan(200).contains("## How the code is laid out", "## Performance");
		assertThat(String.join("\n", readme)).contains("(bench/README.md)");
	}

	/** The lines of a file between {@code tag::tag[]} and {@code end::tag[]}, their indentation removed. */
	private static String region(Path file, String tag) throws IOException {
		List<String> lines = Files.readAllLines(file);
		int begin = indexOf(lines, "tag::" + tag + "[]", file);
		int end = indexOf(lines, "end::" + tag + "[]", file);
		List<String> region = lines.subList(begin + 1, end);
		int indent = region.stream()
			.filter((line) -> !line.isBlank())
			.mapToInt((line) -> line.length() - line.stripLeading().length())
			.min()
			.orElse(0);
		StringBuilder text = new StringBuilder();
		region.forEach((line) -> text.append(line.isBlank() ? "" : line.substring(indent)).append('\n'));
		return text.toString();
	}

	private static int indexOf(List<String> lines, String marker, Path file) {
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).contains(marker)) {
				return i;
			}
		}
		throw new AssertionError(file + " has no " + marker);
	}

	/** The anchors GitHub makes of a document's headings. */
	private static List<String> anchors(Path document) {
		try {
			return Files.readAllLines(document)
				.stream()
				.filter((line) -> line.startsWith("#"))
				.map((line) -> line.replaceFirst("^#+\\s*", "")
					.toLowerCase(Locale.ROOT)
					.replaceAll("[^\\p{L}\\p{N} _-]", "")
					.replace(' ', '-'))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
