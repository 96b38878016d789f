package dev.credbroker.audit;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.credbroker.crypto.HmacKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AuditTrailTests {

	/** The chain key of these tests. */
	static final String CHAIN_KEY = "test-audit-chain-key-of-at-least-32-bytes";

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@TempDir
	Path directory;

	@Test
	void recordsAreChainedJsonLines() throws IOException {
		Path file = this.directory.resolve("audit.jsonl");
		AuditTrail trail = fileTrail(file);

		trail.record(event("a"));
		trail.record(event("b"));

		List<String> lines = Files.readAllLines(file);
		assertThat(lines).hasSize(2);
		JsonNode first = JsonMapper.builder().build().readTree(lines.get(0));
		JsonNode second = JsonMapper.builder().build().readTree(lines.get(1));
		assertThat(first.propertyNames()).startsWith("type", "time", "id", "seq", "instance", "boot")
			.endsWith("prevHash", "hash");
		assertThat(first.get("type").asString()).isEqualTo("audit");
		assertThat(first.get("seq").asLong()).isEqualTo(1);
		assertThat(first.get("instance").asString()).isEqualTo("pod-a");
		assertThat(first.get("boot").asString()).isEqualTo("boot-1");
		assertThat(first.get("prevHash").asString()).isEqualTo(AuditChain.GENESIS);
		assertThat(second.get("seq").asLong()).isEqualTo(2);
		assertThat(second.get("prevHash").asString()).isEqualTo(first.get("hash").asString());
		assertThat(first.get("hash").asString()).matches("[0-9a-f]{64}")
			.isEqualTo(AuditChain.hash(chainKey(),
					lines.get(0).substring(0, lines.get(0).lastIndexOf(",\"hash\":\""))));
	}

	@Test
	void aRestartContinuesTheTrailInTheFileAsANewBoot() throws IOException {
		Path file = this.directory.resolve("audit.jsonl");
		fileTrail(file).record(event("before"));

		new AuditTrail(new FileAuditSink(file), chain("pod-a", "boot-2"), AuditConfiguration.lastPosition(file),
				this.meters)
			.record(event("after"));

		assertThat(AuditVerifierTests.verify("--key-file", AuditVerifierTests.keyFile(this.directory).toString(),
				file.toString()))
			.isZero();
		assertThat(Files.readAllLines(file).get(1)).contains("\"seq\":2,\"instance\":\"pod-a\",\"boot\":\"boot-2\"");
	}

	@Test
	void aFailedWriteIsRefusedCountedAndLeavesTheChainIntact() throws IOException {
		Path file = this.directory.resolve("audit.jsonl");
		AuditTrail trail = fileTrail(file);
		trail.record(event("ok"));
		Files.delete(file);
		Files.createDirectory(file);

		assertThatExceptionOfType(AuditUnavailableException.class).isThrownBy(() -> trail.record(event("lost")));
		assertThat(this.meters.get("broker.audit.failures").counter().count()).isEqualTo(1);
		assertThat(this.meters.get("broker.audit.sequence").gauge().value()).isEqualTo(1);

		Files.delete(file);
		trail.record(event("recovered"));

		assertThat(Files.readAllLines(file)).singleElement().satisfies((line) -> assertThat(line).contains("\"seq\":2"));
	}

	@Test
	void theSequenceGaugeIsTheHeadsSeq() {
		AuditTrail trail = fileTrail(this.directory.resolve("audit.jsonl"));
		assertThat(this.meters.get("broker.audit.sequence").gauge().value()).isZero();

		trail.record(event("a"));
		trail.record(event("b"));
		trail.record(event("c"));

		assertThat(this.meters.get("broker.audit.sequence").gauge().value()).isEqualTo(3);
		assertThat(trail.head().seq()).isEqualTo(3);
	}

	@Nested
	class Stdout {

		@Test
		void oneFlushedLinePerRecord() {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			PrintStream out = new PrintStream(new BufferedOutputStream(bytes, 8192), false, StandardCharsets.UTF_8);
			AuditTrail trail = new AuditTrail(new StdoutAuditSink(() -> out), chain(), AuditTrail.ChainPosition.START,
					meters);

			trail.record(event("a"));
			trail.record(event("b"));

			String text = bytes.toString(StandardCharsets.UTF_8);
			assertThat(text.lines()).hasSize(2)
				.allSatisfy((line) -> assertThat(line).startsWith("{\"type\":\"audit\""));
		}

		@Test
		void recordsStayWholeAmongLongLogLinesWrittenAtTheSameTime() throws Exception {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			PrintStream out = new PrintStream(new BufferedOutputStream(new Pipe(bytes), 8192), false,
					StandardCharsets.UTF_8);
			AuditTrail trail = new AuditTrail(new StdoutAuditSink(() -> out), chain(), AuditTrail.ChainPosition.START,
					meters);
			String stackTrace = "ERROR " + "\tat a.very.long.StackFrame(Frame.java:1)".repeat(500) + "\n";
			Thread logger = new Thread(() -> {
				for (int i = 0; i < 200; i++) {
					out.print(stackTrace);
					out.flush();
				}
			});

			logger.start();
			for (int i = 0; i < 200; i++) {
				trail.record(event("r" + i));
			}
			logger.join();

			List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
			assertThat(lines).hasSize(400)
				.allSatisfy((line) -> assertThat(line).satisfiesAnyOf(
						(text) -> assertThat(text + "\n").isEqualTo(stackTrace),
						(text) -> assertThat(text).startsWith("{\"type\":\"audit\"").endsWith("\"}")));
		}

		@Test
		void aFailedWriteFailsTheRecordAndTheSinkSaysSo() {
			PrintStream broken = new PrintStream(new OutputStream() {

				@Override
				public void write(int b) throws IOException {
					throw new IOException("Broken pipe");
				}

			}, false, StandardCharsets.UTF_8);
			StdoutAuditSink sink = new StdoutAuditSink(() -> broken);

			assertThat(sink.problem()).isNull();
			assertThatExceptionOfType(IOException.class)
				.isThrownBy(() -> sink.write("{\"type\":\"audit\"}\n".getBytes(StandardCharsets.UTF_8)));
			assertThat(sink.problem()).isEqualTo("standard output cannot be written");
		}

		/** Takes at most 4 KiB at a time, as a pipe does atomically, letting other threads in between. */
		private static final class Pipe extends OutputStream {

			private final OutputStream out;

			Pipe(OutputStream out) {
				this.out = out;
			}

			@Override
			public void write(int b) throws IOException {
				this.out.write(b);
			}

			@Override
			public void write(byte[] bytes, int offset, int length) throws IOException {
				for (int at = offset; at < offset + length; at += 4096) {
					this.out.write(bytes, at, Math.min(4096, offset + length - at));
					Thread.yield();
				}
			}

		}

	}

	private AuditTrail fileTrail(Path file) {
		return new AuditTrail(new FileAuditSink(file), chain(), AuditConfiguration.lastPosition(file), this.meters);
	}

	static HmacKey chainKey() {
		return new HmacKey(CHAIN_KEY.getBytes(StandardCharsets.UTF_8));
	}

	/** A chain of instance {@code pod-a}, boot {@code boot-1}, under the tests' key. */
	static AuditChain chain() {
		return chain("pod-a", "boot-1");
	}

	static AuditChain chain(String instance, String boot) {
		return new AuditChain(chainKey(), new AuditChain.Origin(instance, boot));
	}

	static AuditEvent event(String id) {
		return new AuditEvent("2026-11-25T10:00:00Z", id, new AuditEvent.Caller("svc", "https://issuer", "client", null),
				List.of("team-alpha"), "workspace.listKeys", "/subscriptions/s/resourceGroups/rg/providers/x/workspaces/ws",
				new AuditEvent.Requested(List.of(), List.of("notebook.primaryAccessKey")), "allow", "allow",
				List.of("team-alpha#0"),
				List.of(new AuditEvent.Returned("notebook.primaryAccessKey", "revealed", "hmac-sha256:0123")),
				new AuditEvent.Upstream(200, "req-1", "none"), 200, 12, "127.0.0.1", null);
	}

}
