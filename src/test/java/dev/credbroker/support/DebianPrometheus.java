package dev.credbroker.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's {@code prometheus} package: the server, started on a free loopback port, and
 * {@code promtool}. Tests that need them are skipped, saying why, only where the package is absent
 * ({@code .ci/run} installs it). Debian 12 ships Prometheus 2.42, older than 2.43, the first to
 * take exemplars on a histogram's {@code _count}: the scraper the broker must satisfy.
 */
public final class DebianPrometheus implements AutoCloseable {

	public static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

	public static final Path PROMTOOL = Path.of("/usr/bin/promtool");

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Process process;

	private final Path log;

	private final String base;

	private DebianPrometheus(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.base = "http://127.0.0.1:" + port;
	}

	public static void assumePrometheus() {
		assumeTrue(Files.isExecutable(PROMETHEUS),
				"Prometheus is absent: install Debian's prometheus package to run this test");
	}

	public static void assumePromtool() {
		assumeTrue(Files.isExecutable(PROMTOOL),
				"promtool is absent: install Debian's prometheus package to run this test");
	}

	/**
	 * Starts Prometheus with the configuration given, its data and log in {@code directory}.
	 * @param directory a directory of the test's own
	 * @param config prometheus.yml
	 * @return the running server; close it
	 */
	public static DebianPrometheus start(Path directory, String config) throws IOException {
		Path configFile = Files.writeString(directory.resolve("prometheus.yml"), config);
		Path log = directory.resolve("prometheus.log");
		int port = freeLoopbackPort();
		Process process = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + configFile,
				"--storage.tsdb.path=" + directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		return new DebianPrometheus(process, log, port);
	}

	/**
	 * Runs promtool and waits for it.
	 * @param arguments its arguments
	 * @return its exit code and output
	 */
	public static Run promtool(String... arguments) {
		List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(2, TimeUnit.MINUTES)) {
				process.destroyForcibly();
			}
			return new Run(process.exitValue(), output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static int freeLoopbackPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * GETs an API path of the server.
	 * @param path the path, such as {@code /api/v1/targets}
	 * @return the JSON answer, or a JSON null while the server is not ready
	 */
	public JsonNode api(String path) {
		try {
			HttpResponse<String> response = this.client.send(
					HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
			// 503 while it starts.
			return (response.statusCode() == 200) ? json.readTree(response.body()) : json.nullNode();
		}
		catch (IOException ex) {
			return json.nullNode();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An instant query.
	 * @param promql the expression
	 * @return the {@code data.result} of the answer; missing while the server is not ready
	 */
	public JsonNode query(String promql) {
		return api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).at("/data/result");
	}

	/** @return what the server logged, for failure messages */
	public String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	/**
	 * A finished promtool run.
	 *
	 * @param exitCode its exit code
	 * @param output what it printed, standard error included
	 */
	public record Run(int exitCode, String output) {
	}

}
