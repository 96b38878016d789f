package dev.credbroker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/configuration.md} lists every property of the broker, with its default and its
 * meaning, as the configuration metadata that spring-boot-configuration-processor writes from the
 * {@code @ConfigurationProperties} records says them: a property added, renamed or given another
 * default fails this test until the document says so. Run with {@code -Ddocs.refresh=true} to
 * write the table anew.
 */
class ConfigurationDocTests {

	private static final Path DOCUMENT = Path.of("docs/configuration.md");

	private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

	private static final String BEGIN = "<!-- broker-properties: generated from the configuration metadata by "
			+ "ConfigurationDocTests -->\n";

	private static final String END = "<!-- /broker-properties -->\n";

	@Test
	void everyPropertyIsDocumentedWithItsDefault() throws IOException {
		String document = Files.readString(DOCUMENT);
		int begin = document.indexOf(BEGIN);
		int end = document.indexOf(END);
		assertThat(begin).as("docs/configuration.md has the markers of the generated table").isNotNegative();
		assertThat(end).isGreaterThan(begin);
		String table = table();
		String expected = document.substring(0, begin + BEGIN.length()) + table + document.substring(end);
		if (Boolean.getBoolean("docs.refresh")) {
			Files.writeString(DOCUMENT, expected);
			document = expected;
		}

		assertThat(document).as("docs/configuration.md differs from the configuration metadata; refresh it with "
				+ "./mvnw test -Dtest=ConfigurationDocTests -Ddocs.refresh=true").isEqualTo(expected);
	}

	@Test
	void theTableHoldsEveryPropertyOfTheMetadata() throws IOException {
		String table = table();

		for (JsonNode property : properties()) {
			assertThat(table).contains("| `" + property.path("name").asString() + "` |");
		}
		assertThat(properties()).extracting((property) -> property.path("name").asString())
			.contains("broker.security.issuers", "broker.policy.location", "broker.arm.budget.burst");
	}

	/**
	 * The framework's properties the document lists, each that application.yaml sets with the value
	 * it gives: the document said tracing sampled every request long after the broker sampled one
	 * in ten.
	 */
	@Test
	void theFrameworkPropertiesHaveTheDefaultsApplicationYamlGives() throws IOException {
		String document = Files.readString(DOCUMENT);
		int begin = document.indexOf("## Properties of the framework the broker sets");
		assertThat(begin).isNotNegative();
		int end = document.indexOf("\n## ", begin + 1);
		String section = document.substring(begin, (end < 0) ? document.length() : end);
		PropertySource<?> yaml = new YamlPropertySourceLoader()
			.load("application.yaml", new ClassPathResource("application.yaml"))
			.get(0);
		int checked = 0;
		for (String row : section.lines().filter((line) -> line.startsWith("| `")).toList()) {
			String[] cells = row.split("\\|");
			String name = cells[1].strip().replace("`", "");
			String stated = cells[2].strip();
			Object set = yaml.getProperty(name);
			if (stated.startsWith("—")) {
				assertThat(set).as(name).isNull();
			}
			else if (set != null) {
				// A row application.yaml does not set states the framework's own default.
				assertThat(String.valueOf(set)).as(name).isEqualTo(stated.replace("`", ""));
				checked++;
			}
		}
		assertThat(checked).as("rows with a default").isGreaterThan(10);
	}

	private static String table() throws IOException {
		StringBuilder table = new StringBuilder("| property | default | meaning |\n| --- | --- | --- |\n");
		for (JsonNode property : properties()) {
			JsonNode defaultValue = property.get("defaultValue");
			table.append("| `")
				.append(property.path("name").asString())
				.append("` | ")
				.append((defaultValue == null || defaultValue.isNull()) ? "—" : "`" + defaultValue.asString() + "`")
				.append(" | ")
				.append(markdown(property.path("description").asString()))
				.append(" |\n");
		}
		return table.toString();
	}

	private static List<JsonNode> properties() throws IOException {
		assertThat(METADATA).as("the configuration metadata, written when the main sources are compiled").exists();
		List<JsonNode> properties = new ArrayList<>();
		JsonMapper.builder().build().readTree(Files.readString(METADATA)).path("properties").forEach(properties::add);
		properties.removeIf((property) -> !property.path("name").asString().startsWith("broker."));
		properties.sort(Comparator.comparing((JsonNode property) -> property.path("name").asString()));
		return properties;
	}

	/** Javadoc's {@code {@code x}} as Markdown's code, on one line. */
	private static String markdown(String javadoc) {
		return javadoc.replaceAll("\\{@code ([^}]*)}", "`$1`")
			.replaceAll("\\{@link ([^}]*)}", "`$1`")
			.replaceAll("\\s+", " ")
			.replace("|", "\\|")
			.strip();
	}

}
