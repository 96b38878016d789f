package dev.credbroker.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.credbroker.support.PolicySchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.ConfigTreePropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Helm chart {@code helm/credential-broker} rendered by real Helm in-process (helm-java's
 * native library: no Helm binary, no cluster, no network), and what the chart tests read it with.
 * Each rendering with the defaults and with the full values file is made once for all the test
 * classes: Helm is slow.
 */
final class ChartRendering {

	static final Path BASEDIR = Path.of(System.getProperty("basedir", "."));

	static final Path CHART = BASEDIR.resolve("helm/credential-broker");

	static final Path FULL_VALUES = BASEDIR.resolve("src/test/resources/dev/credbroker/deploy/full-values.yaml");

	private static final String RELEASE = "broker";

	static final String NAMESPACE = "credential-broker";

	static final YAMLMapper yaml = YAMLMapper.builder().build();

	/** Rendered once each: the chart's defaults, and the full values file. */
	private static Manifests defaults;

	private static Manifests full;

	static synchronized Manifests defaults() {
		if (defaults == null) {
			defaults = render(UnaryOperator.identity());
		}
		return defaults;
	}

	static synchronized Manifests full() {
		if (full == null) {
			full = render((helm) -> helm.withValuesFile(FULL_VALUES));
		}
		return full;
	}

	static Manifests render(UnaryOperator<TemplateCommand> options) {
		return render(CHART, options);
	}

	/**
	 * The chart with its {@code helm test} hooks among the objects. helm-java's template, unlike
	 * {@code helm template}, leaves hooks out; so this renders a copy of the chart in which each
	 * test hook's annotation is renamed {@value #TEST_HOOK}, which leaves an ordinary object that
	 * still tells it was a test hook.
	 */
	static Manifests withTestHooks(UnaryOperator<TemplateCommand> options) throws IOException {
		Path copy = Files.createTempDirectory("chart-with-test-hooks");
		try {
			try (Stream<Path> files = Files.walk(CHART)) {
				for (Path file : files.toList()) {
					Path target = copy.resolve(CHART.relativize(file).toString());
					if (Files.isDirectory(file)) {
						Files.createDirectories(target);
					}
					else if (file.startsWith(CHART.resolve("templates/tests"))) {
						Files.writeString(target, Files.readString(file).replace("helm.sh/hook: test", TEST_HOOK + ": test"));
					}
					else {
						Files.copy(file, target);
					}
				}
			}
			return render(copy, options);
		}
		finally {
			try (Stream<Path> files = Files.walk(copy)) {
				for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(file);
				}
			}
		}
	}

	/** What {@link #withTestHooks} renames the annotation {@code helm.sh/hook: test} to. */
	static final String TEST_HOOK = "rendered-by-the-tests/helm.sh-hook";

	private static Manifests render(Path chart, UnaryOperator<TemplateCommand> options) {
		TemplateCommand command = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE);
		String output = options.apply(command).call();
		List<JsonNode> documents = new ArrayList<>();
		for (JsonNode document : yaml.readerFor(JsonNode.class).<JsonNode>readValues(output).readAll()) {
			if (document != null && document.isObject() && !document.isEmpty()) {
				documents.add(document);
			}
		}
		return new Manifests(documents);
	}

	/** A Secret's value, decoded. */
	static byte[] decoded(JsonNode secret, String key) {
		return Base64.getDecoder().decode(secret.at("/data/" + key).asString());
	}

	static String base64(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The broker's configuration as the pod sees it: the Secret volume's items written as files,
	 * as kubelet does, and read as the config tree application.yaml imports.
	 */
	static Binder mounted(JsonNode volume, JsonNode secret, Path directory) throws IOException {
		for (JsonNode item : volume.path("items")) {
			Files.write(directory.resolve(item.path("path").asString()), decoded(secret, item.path("key").asString()));
		}
		return new Binder(ConfigurationPropertySources
			.from(new ConfigTreePropertySource("keys", directory, ConfigTreePropertySource.Option.AUTO_TRIM_TRAILING_NEW_LINE)));
	}

	static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static List<String> strings(JsonNode array) {
		return array.valueStream().map(JsonNode::asString).toList();
	}

	static Map<String, String> labels(JsonNode object) {
		Map<String, String> labels = new LinkedHashMap<>();
		object.properties().forEach((entry) -> labels.put(entry.getKey(), entry.getValue().asString()));
		return labels;
	}

	static List<Map.Entry<String, Integer>> ports(JsonNode ports, String number) {
		return ports.valueStream().map((port) -> Map.entry(port.path("name").asString(), port.path(number).asInt())).toList();
	}

	static Map<String, String> env(JsonNode container) {
		Map<String, String> env = new LinkedHashMap<>();
		for (JsonNode variable : container.path("env")) {
			env.put(variable.path("name").asString(), variable.path("value").asString(null));
		}
		return env;
	}

	/**
	 * What {@code helm template} printed, one parsed document per object.
	 */
	record Manifests(List<JsonNode> documents) {

		List<String> kinds() {
			return this.documents.stream().map((document) -> document.path("kind").asString()).toList();
		}

		List<JsonNode> find(String kind) {
			return this.documents.stream().filter((document) -> kind.equals(document.path("kind").asString())).toList();
		}

		JsonNode one(String kind) {
			List<JsonNode> found = find(kind);
			assertThat(found).as(kind).hasSize(1);
			return found.get(0);
		}

		JsonNode configMap(String suffix) {
			List<JsonNode> found = find("ConfigMap").stream()
				.filter((map) -> map.at("/metadata/name").asString().endsWith(suffix))
				.toList();
			assertThat(found).as("ConfigMap *%s", suffix).hasSize(1);
			return found.get(0);
		}

		JsonNode deployment() {
			return one("Deployment");
		}

		JsonNode podSpec() {
			return deployment().at("/spec/template/spec");
		}

		JsonNode container() {
			JsonNode containers = podSpec().path("containers");
			assertThat(containers.size()).isOne();
			return containers.path(0);
		}

		JsonNode envVar(String name) {
			return named(container().path("env"), name, "environment variable");
		}

		JsonNode volume(String name) {
			return named(podSpec().path("volumes"), name, "volume");
		}

		JsonNode mount(String name) {
			return named(container().path("volumeMounts"), name, "volume mount");
		}

		/** The item of a Kubernetes list whose {@code name} is the one given. */
		private static JsonNode named(JsonNode items, String name, String what) {
			return items.valueStream()
				.filter((item) -> name.equals(item.path("name").asString()))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no " + what + " " + name));
		}

		Map<String, String> selectorLabels() {
			return labels(deployment().at("/spec/selector/matchLabels"));
		}

		String checksum() {
			return deployment().at("/spec/template/metadata/annotations").path("checksum/config").asString();
		}

		String applicationYaml() {
			return configMap("-config").at("/data/application.yaml").asString();
		}

		JsonNode applicationConfig() {
			return yaml.readTree(applicationYaml());
		}

		/** Binds the rendered application.yaml as Spring Boot reads it from /config/ in the pod. */
		Binder binder() {
			try {
				List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("application.yaml",
						new ByteArrayResource(applicationYaml().getBytes(StandardCharsets.UTF_8)));
				return new Binder(ConfigurationPropertySources.from(sources));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	/** The broker's policy file schema, shipped in its jar. */
	static final class PolicyFile {

		static List<com.networknt.schema.Error> validate(String policy) {
			return PolicySchema.get().validate(yaml.readTree(policy));
		}

	}

	/** The broker's configuration metadata, written by spring-boot-configuration-processor. */
	static final class BrokerMetadata {

		static Set<String> unknownBrokerKeys(JsonNode config) {
			Set<String> known = new TreeSet<>();
			try (InputStream in = ChartRendering.class
				.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
				assertThat(in).as("the broker's configuration metadata").isNotNull();
				yaml.readTree(in).path("properties").forEach((property) -> known.add(property.path("name").asString()));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			Set<String> rendered = new TreeSet<>();
			collect("broker", config.path("broker"), rendered);
			rendered.removeAll(known);
			return rendered;
		}

		private static void collect(String prefix, JsonNode node, Set<String> keys) {
			if (node.isObject()) {
				node.properties().forEach((entry) -> collect(prefix + "." + entry.getKey(), entry.getValue(), keys));
			}
			else {
				keys.add(prefix);
			}
		}

	}

	private ChartRendering() {
	}

}
