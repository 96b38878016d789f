package dev.credbroker.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static dev.credbroker.deploy.ChartRendering.BASEDIR;
import static dev.credbroker.deploy.ChartRendering.defaults;
import static dev.credbroker.deploy.ChartRendering.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfile and .dockerignore the image is built with, read as text; the user it runs as is
 * the chart's.
 */
class DockerfileTests {

	private final String dockerfile = read(BASEDIR.resolve("Dockerfile"));

	@Test
	void buildsInOneStageAndRunsInAnotherOnAPinnedJre21OrNewer() {
		List<String> images = new ArrayList<>();
		Matcher from = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(this.dockerfile);
		while (from.find()) {
			images.add(from.group(1));
		}
		assertThat(images).hasSize(2);
		assertThat(images).allMatch((image) -> image.matches("[^:]+:\\d+\\.\\d+\\.\\d+[^:]*"),
				"pinned to a full version tag");
		Matcher runtime = Pattern.compile("eclipse-temurin:(\\d+)\\.\\d+\\.\\d+_\\d+-jre-\\w+").matcher(images.get(1));
		assertThat(runtime.matches()).as(images.get(1)).isTrue();
		assertThat(Integer.parseInt(runtime.group(1))).isGreaterThanOrEqualTo(21);
	}

	@Test
	void cachesTheDependenciesApartFromTheSources() {
		int dependencies = this.dockerfile.indexOf("dependency:go-offline");
		int sources = this.dockerfile.indexOf("COPY src/");
		assertThat(this.dockerfile.indexOf("COPY mvnw pom.xml")).isNotNegative().isLessThan(dependencies);
		assertThat(dependencies).isNotNegative().isLessThan(sources);
		assertThat(this.dockerfile).contains("./mvnw -B -ntp package -DskipTests");
		assertThat(this.dockerfile).contains("java -Djarmode=tools -jar application.jar extract --layers");
	}

	@Test
	void runsAsTheChartsNumericNonRootUser() {
		Matcher user = Pattern.compile("(?m)^USER\\s+(\\d+)(?::(\\d+))?\\s*$").matcher(this.dockerfile);
		assertThat(user.find()).as("a numeric USER").isTrue();
		assertThat(Integer.parseInt(user.group(1))).isPositive()
			.isEqualTo(defaults().podSpec().at("/securityContext/runAsUser").asInt());
	}

	@Test
	void exposesBothPortsAndSizesTheHeapToTheContainer() {
		assertThat(this.dockerfile).containsPattern("(?m)^EXPOSE 8080 8081$");
		String entrypoint = this.dockerfile.lines().filter((line) -> line.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
		assertThat(entrypoint).contains("\"-XX:MaxRAMPercentage=75\"", "\"-Djava.io.tmpdir=/tmp\"", "\"-jar\"");
	}

	@Test
	void sendsOnlyTheBuildsInputsToTheDaemon() {
		List<String> ignored = read(BASEDIR.resolve(".dockerignore")).lines()
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.toList();
		assertThat(ignored).startsWith("*").contains("!mvnw", "!pom.xml", "!.mvn/", "!src/");
		assertThat(ignored).doesNotContain("!target/", "!.git/");
	}

}
