package dev.credbroker.deploy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.credbroker.deploy.ChartRendering.BASEDIR;
import static dev.credbroker.deploy.ChartRendering.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What keeps the pins fresh (renovate.json) and the bench's floor app on the broker's Spring Boot,
 * so that bench/run compares the broker with the same framework, never an older or newer one.
 */
class BuildPinsTests {

	private static final Pattern PARENT_VERSION = Pattern
		.compile("<parent>\\s*<groupId>org\\.springframework\\.boot</groupId>\\s*"
				+ "<artifactId>spring-boot-starter-parent</artifactId>\\s*<version>([^<]+)</version>");

	@Test
	void renovateKeepsTheImageDigestsAndTheTemurinTagsFresh() {
		JsonNode renovate = JsonMapper.builder().build().readTree(read(BASEDIR.resolve("renovate.json")));

		assertThat(renovate.get("extends").valueStream().map(JsonNode::asString)).contains("config:recommended",
				"docker:pinDigests");
		JsonNode temurin = rule(renovate, "eclipse-temurin");
		// The Dockerfile's tag, e.g. 25.0.3_9-jre-noble, is a version under this scheme.
		Matcher tag = Pattern.compile(temurin.get("versioning").asString().substring("regex:".length()))
			.matcher("25.0.3_9-jre-noble");
		assertThat(tag.matches()).isTrue();
		assertThat(tag.group("compatibility")).isEqualTo("jre-noble");
	}

	@Test
	void theFloorAppIsOnTheBrokersSpringBootAndMovesWithIt() {
		String broker = parentVersion(read(BASEDIR.resolve("pom.xml")));
		String floor = parentVersion(read(BASEDIR.resolve("bench/floor/pom.xml")));

		assertThat(floor).isEqualTo(broker);
		JsonNode renovate = JsonMapper.builder().build().readTree(read(BASEDIR.resolve("renovate.json")));
		assertThat(rule(renovate, "org.springframework.boot:spring-boot-starter-parent").has("groupName")).isTrue();
	}

	private static JsonNode rule(JsonNode renovate, String packageName) {
		List<JsonNode> rules = renovate.get("packageRules")
			.valueStream()
			.filter((rule) -> rule.get("matchPackageNames").valueStream().anyMatch((name) -> name.asString().equals(packageName)))
			.toList();
		assertThat(rules).as("a package rule for " + packageName).hasSize(1);
		return rules.get(0);
	}

	private static String parentVersion(String pom) {
		Matcher parent = PARENT_VERSION.matcher(pom);
		assertThat(parent.find()).as("a spring-boot-starter-parent").isTrue();
		return parent.group(1);
	}

}
