package dev.credbroker.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

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

	/** A Temurin image by full version tag and by digest, which Renovate can refresh together. */
	private static final Pattern TEMURIN = Pattern
		.compile("eclipse-temurin:(\\d+\\.\\d+\\.\\d+_\\d+)-(jdk|jre)-(\\w+)@sha256:[0-9a-f]{64}");

	@Test
	void buildsOnAJdkAndRunsOnTheSameJre25OrNewerEachPinnedByTagAndDigest() {
		List<String> images = new ArrayList<>();
		Matcher from = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(this.dockerfile);
		while (from.find()) {
			images.add(from.group(1));
		}
		assertThat(images).hasSize(2);
		Matcher build = TEMURIN.matcher(images.get(0));
		Matcher runtime = TEMURIN.matcher(images.get(1));
		assertThat(build.matches()).as(images.get(0)).isTrue();
		assertThat(runtime.matches()).as(images.get(1)).isTrue();
		assertThat(build.group(2)).isEqualTo("jdk");
		assertThat(runtime.group(2)).isEqualTo("jre");
		assertThat(runtime.group(1)).as("the JRE the JDK built for").isEqualTo(build.group(1));
		assertThat(runtime.group(3)).isEqualTo(build.group(3));
		assertThat(Integer.parseInt(runtime.group(1).substring(0, runtime.group(1).indexOf('.'))))
			.as("AOT cache with -XX:AOTCacheOutput").isGreaterThanOrEqualTo(25);
	}

	@Test
	void trainsAnAotCacheInTheRuntimeImageAndStartsWithIt() {
		String runtime = this.dockerfile.substring(this.dockerfile.lastIndexOf("\nFROM "));
		String training = runtime.lines()
			.filter((line) -> line.contains("-XX:AOTCacheOutput="))
			.findFirst()
			.orElseThrow();
		assertThat(training).startsWith("RUN java ").contains("-XX:AOTCacheOutput=application.aot",
				"-Dspring.context.exit=onRefresh", "-jar application.jar");
		assertThat(runtime).contains("--spring.config.additional-location=file:aot/training.yaml")
			.contains("COPY src/main/aot/ aot/");
		assertThat(BASEDIR.resolve("src/main/aot/training.yaml")).exists();
		// Trained after the application's layers are in place, as root, before the user is set.
		assertThat(runtime.indexOf("COPY --from=build /build/extracted/application/")).isLessThan(runtime.indexOf(training));
		assertThat(runtime.indexOf(training)).isLessThan(runtime.indexOf("\nUSER "));
		String entrypoint = entrypoint();
		assertThat(entrypoint).contains("\"-XX:AOTCache=application.aot\"");
		assertThat(entrypoint.indexOf("-XX:AOTCache=")).isLessThan(entrypoint.indexOf("\"-jar\""));
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
		assertThat(entrypoint()).contains("\"-XX:MaxRAMPercentage=75\"", "\"-Djava.io.tmpdir=/tmp\"", "\"-jar\"");
	}

	@Test
	void committingTheWholeHeapAtStartTakesNoMemoryThePodHasNotReserved() {
		assertThat(entrypoint()).contains("\"-XX:InitialRAMPercentage=75\"");
		JsonNode resources = defaults().container().path("resources");
		assertThat(resources.at("/requests/memory").asString()).isNotEmpty()
			.isEqualTo(resources.at("/limits/memory").asString());
	}

	private String entrypoint() {
		return this.dockerfile.lines().filter((line) -> line.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
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
