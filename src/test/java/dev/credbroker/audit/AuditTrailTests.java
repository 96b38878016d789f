package dev.credbroker.audit;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AuditTrailTests {

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
		assertThat(first.propertyNames()).startsWith("type", "time", "id", "seq").endsWith("prevHash", "hash");
		assertThat(first.get("type").asString()).isEqualTo("audit");
		assertThat(first.get("seq").asLong()).isEqualTo(1);
		assertThat(first.get("prevHash").asString()).isEqualTo(AuditChain.GENESIS);
		assertThat(second.get("seq").asLong()).isEqualTo(2);
		assertThat(second.get("prevHash").asString()).isEqualTo(first.get("hash").asString());
		assertThat(first.get("hash").asString()).matches("[0-9a-f]{64}")
			.isEqualTo(AuditChain.sha256(lines.get(0).substring(0, lines.get(0).lastIndexOf(",\"hash\":\""))));
	}

	@Test
	void aRestartContinuesTheTrailInTheFile() throws IOException {
		Path file = this.directory.resolve("audit.jsonl");
		fileTrail(file).record(event("before"));

		fileTrail(file).record(event("after"));

		assertThat(verify(file)).isZero();
		assertThat(Files.readAllLines(file).get(1)).contains("\"seq\":2");
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

		Files.delete(file);
		trail.record(event("recovered"));

		assertThat(Files.readAllLines(file)).singleElement().satisfies((line) -> assertThat(line).contains("\"seq\":2"));
	}

	@Nested
	class Stdout {

		@Test
		void oneFlushedLinePerRecord() {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			PrintStream out = new PrintStream(new BufferedOutputStream(bytes, 8192), false, StandardCharsets.UTF_8);
			AuditTrail trail = new AuditTrail(new StdoutAuditSink(() -> out), AuditTrail.ChainPosition.START, meters);

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
			AuditTrail trail = new AuditTrail(new StdoutAuditSink(() -> out), AuditTrail.ChainPosition.START, meters);
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

	@Nested
	class Verify {

		@Test
		void anIntactTrail() throws IOException {
			Path file = trailOf(4);
			ByteArrayOutputStream out = new ByteArrayOutputStream();

			assertThat(AuditVerifier.run(new String[] { "audit-verify", file.toString() }, new PrintStream(out)))
				.isZero();
			assertThat(out.toString()).contains("intact, 4 records (seq 1 to 4)");
		}

		@Test
		void aChangedRecord() throws IOException {
			Path file = trailOf(4);
			List<String> lines = new ArrayList<>(Files.readAllLines(file));
			lines.set(2, lines.get(2).replace("\"status\":200", "\"status\":201"));
			Files.write(file, lines);

			assertFirstBad(file, 3, "was changed");
		}

		@Test
		void aRemovedRecord() throws IOException {
			Path file = trailOf(4);
			List<String> lines = new ArrayList<>(Files.readAllLines(file));
			lines.remove(1);
			Files.write(file, lines);

			assertFirstBad(file, 3, "does not follow");
		}

		@Test
		void reorderedRecords() throws IOException {
			Path file = trailOf(4);
			List<String> lines = new ArrayList<>(Files.readAllLines(file));
			String second = lines.get(1);
			lines.set(1, lines.get(2));
			lines.set(2, second);
			Files.write(file, lines);

			assertFirstBad(file, 3, "does not follow");
		}

		@Test
		void aRecordWithItsHashRecomputedStillBreaksTheChain() throws IOException {
			Path file = trailOf(3);
			List<String> lines = new ArrayList<>(Files.readAllLines(file));
			String changed = lines.get(1).replace("\"status\":200", "\"status\":201");
			String prefix = changed.substring(0, changed.lastIndexOf(AuditChain.HASH_MEMBER));
			lines.set(1, prefix + AuditChain.HASH_MEMBER + AuditChain.sha256(prefix) + "\"}");
			Files.write(file, lines);

			assertFirstBad(file, 3, "does not follow");
		}

		@Test
		void garbage() throws IOException {
			Path file = trailOf(2);
			Files.writeString(file, "not json\n", StandardOpenOption.APPEND);

			assertFirstBad(file, null, "line 3) is not an audit record");
		}

		@Test
		void aMissingFile() {
			ByteArrayOutputStream out = new ByteArrayOutputStream();

			assertThat(AuditVerifier.run(new String[] { "audit-verify", directory.resolve("none").toString() },
					new PrintStream(out)))
				.isEqualTo(2);
		}

		private void assertFirstBad(Path file, Integer seq, String why) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();

			int exit = AuditVerifier.run(new String[] { "audit-verify", file.toString() }, new PrintStream(out));

			assertThat(exit).isEqualTo(1);
			if (seq != null) {
				assertThat(out.toString()).contains("record seq " + seq + " ");
			}
			assertThat(out.toString()).contains(why);
		}

		private Path trailOf(int records) {
			Path file = directory.resolve("trail.jsonl");
			AuditTrail trail = fileTrail(file);
			for (int i = 0; i < records; i++) {
				trail.record(event("r" + i));
			}
			return file;
		}

	}

	private AuditTrail fileTrail(Path file) {
		return new AuditTrail(new FileAuditSink(file), AuditConfiguration.lastPosition(file), this.meters);
	}

	private static int verify(Path file) {
		return AuditVerifier.run(new String[] { "audit-verify", file.toString() },
				new PrintStream(new ByteArrayOutputStream()));
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
