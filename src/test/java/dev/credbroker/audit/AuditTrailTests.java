package dev.credbroker.audit;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.credbroker.crypto.HmacKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@ExtendWith(OutputCaptureExtension.class)
class AuditTrailTests {

	/** The chain key of these tests. */
	static final String CHAIN_KEY = "test-audit-chain-key-of-at-least-32-bytes";

	private static final JsonMapper json = JsonMapper.builder().build();

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

		restarted(file, "boot-2").record(event("after"));

		assertThat(AuditVerifierTests.verify("--key-file", AuditVerifierTests.keyFile(this.directory).toString(),
				file.toString()))
			.isZero();
		assertThat(Files.readAllLines(file).get(1)).contains("\"seq\":2,\"instance\":\"pod-a\",\"boot\":\"boot-2\"");
	}

	/**
	 * What a broker that died in the middle of a write leaves: a torn last line. The broker then
	 * started a new trail at seq 1 in the file, glued to the torn line, so that whoever could write
	 * the file could remove the end of a chain around a restart without audit-verify seeing it.
	 */
	@Test
	void aRestartAfterATornLastLineContinuesTheChainBeforeIt() throws IOException {
		Path file = this.directory.resolve("audit.jsonl");
		AuditTrail before = fileTrail(file);
		for (int i = 1; i <= 5; i++) {
			before.record(event("r" + i));
		}
		String fifth = Files.readAllLines(file).get(4);
		Files.writeString(file, fifth.substring(0, 60), StandardOpenOption.APPEND);

		AuditTrail after = restarted(file, "boot-2");
		after.record(event("after"));

		List<String> lines = Files.readAllLines(file);
		assertThat(lines).hasSize(6);
		JsonNode sixth = json.readTree(lines.get(5));
		assertThat(sixth.get("seq").asLong()).isEqualTo(6);
		assertThat(sixth.get("boot").asString()).isEqualTo("boot-2");
		assertThat(sixth.get("prevHash").asString()).isEqualTo(json.readTree(fifth).get("hash").asString());
		assertThat(AuditVerifierTests.verify("--key-file", AuditVerifierTests.keyFile(this.directory).toString(),
				file.toString()))
			.isZero();
	}

	@Test
	void aRestartContinuesTheLastRecordThatChecksUnderTheKeyPassingOverLinesAfterIt(CapturedOutput output)
			throws IOException {
		Path file = this.directory.resolve("audit.jsonl");
		AuditTrail before = fileTrail(file);
		for (int i = 1; i <= 3; i++) {
			before.record(event("r" + i));
		}
		String third = Files.readAllLines(file).get(2);
		String forged = otherKeysChain().line(json, event("forged"), 4, json.readTree(third).get("hash").asString());
		Files.writeString(file, forged + "\nnot a record\n", StandardOpenOption.APPEND);

		assertThat(AuditConfiguration.lastPosition(file, chainKey()))
			.isEqualTo(new AuditTrail.ChainPosition(3, json.readTree(third).get("hash").asString()));
		assertThat(output).contains("The audit trail in " + file + " continues after seq 3, its last whole record "
				+ "under the chain key; 2 lines after it are not, which audit-verify reports");
		assertThat(AuditConfiguration.lastPosition(file, null).seq())
			.as("without a configured key, what looks like a record is one")
			.isEqualTo(4);
	}

	@Test
	void aFileWithLinesButNoRecordIsNeitherContinuedNorStartedAfter() throws IOException {
		Path file = Files.writeString(this.directory.resolve("audit.jsonl"), "a log line\n\nanother\n");

		assertThatIllegalStateException().isThrownBy(() -> AuditConfiguration.lastPosition(file, chainKey()))
			.withMessage(file + " holds 2 lines but no whole audit record whose hash checks under "
					+ "broker.audit.chain-key (if the key was changed, move the file aside: each key's records need a "
					+ "file of their own): not starting a new trail after them, where it would hide how the trail "
					+ "before it ended");
	}

	@Test
	void aFileWrittenUnderAnotherKeyIsNotContinued() throws IOException {
		Path file = this.directory.resolve("audit.jsonl");
		new AuditTrail(new FileAuditSink(file), otherKeysChain(), AuditTrail.ChainPosition.START, this.meters)
			.record(event("a"));

		assertThatIllegalStateException().isThrownBy(() -> AuditConfiguration.lastPosition(file, chainKey()))
			.withMessageContaining("holds 1 line but no whole audit record whose hash checks under "
					+ "broker.audit.chain-key")
			.withMessageContaining("move the file aside");
	}

	@Test
	void aFileWithoutALineStartsATrail() throws IOException {
		Path file = Files.writeString(this.directory.resolve("audit.jsonl"), "\n{\"type\":\"audit\",\"ti");

		assertThat(AuditConfiguration.lastPosition(file, chainKey())).isEqualTo(AuditTrail.ChainPosition.START);
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

	@Nested
	class GroupCommit {

		@Test
		void concurrentRequestsMakeOneIntactChainWithEveryRecordOnce() throws Exception {
			Path file = AuditTrailTests.this.directory.resolve("audit.jsonl");
			AuditTrail trail = fileTrail(file);
			int threads = 8;
			int each = 250;
			CountDownLatch start = new CountDownLatch(1);
			ExecutorService executor = Executors.newFixedThreadPool(threads);
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				done.add(executor.submit(() -> {
					start.await();
					for (int i = 0; i < each; i++) {
						trail.record(event("t" + thread + "-" + i));
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : done) {
				future.get(60, TimeUnit.SECONDS);
			}
			executor.shutdown();
			trail.close();

			List<String> lines = Files.readAllLines(file);
			assertThat(lines).hasSize(threads * each);
			JsonMapper json = JsonMapper.builder().build();
			assertThat(lines.stream().map((line) -> json.readTree(line).get("id").asString()))
				.doesNotHaveDuplicates()
				.hasSize(threads * each);
			assertThat(AuditVerifierTests.verify("--key-file",
					AuditVerifierTests.keyFile(AuditTrailTests.this.directory).toString(), file.toString()))
				.isZero();
			assertThat(trail.head().seq()).isEqualTo(threads * each);
		}

		@Test
		void recordsQueuedDuringAWriteGoOutTogetherInTheNextOne() throws Exception {
			HeldWrite held = new HeldWrite(new HeldSink(new FileAuditSink(file()), false), 5);

			held.release();
			for (Future<?> future : held.queued) {
				future.get(30, TimeUnit.SECONDS);
			}

			assertThat(held.sink.writes).containsExactly(1, 5);
			assertThat(AuditVerifierTests.verify("--key-file",
					AuditVerifierTests.keyFile(AuditTrailTests.this.directory).toString(), file().toString()))
				.isZero();
		}

		@Test
		void anErrorWhileWritingFailsTheBatchsOtherRequestsInsteadOfLeavingThemWaiting() throws Exception {
			HeldSink sink = new HeldSink(new FileAuditSink(file()), false);
			sink.errorSecond = new AssertionError("the writer broke");
			HeldWrite held = new HeldWrite(sink, 3);

			held.release();
			List<@Nullable Throwable> causes = new ArrayList<>();
			for (Future<?> future : held.queued) {
				try {
					future.get(30, TimeUnit.SECONDS);
					causes.add(null);
				}
				catch (ExecutionException ex) {
					causes.add(ex.getCause());
				}
			}

			// The request that wrote gets the Error itself; the two others fail closed.
			assertThat(causes).doesNotContainNull();
			assertThat(causes).filteredOn(AssertionError.class::isInstance).singleElement().isSameAs(sink.errorSecond);
			assertThat(causes).filteredOn(AuditUnavailableException.class::isInstance)
				.hasSize(2)
				.allSatisfy((cause) -> assertThat(cause).hasMessage("The audit trail is unavailable")
					.cause()
					.hasMessage("The record was not written"));
			assertThat(sink.writes).containsExactly(1, 3);
			assertThat(held.trail.head().seq()).isEqualTo(1);
		}

		@Test
		void aRequestWaitingForAnotherWriteSleepsEvenInterruptedAndKeepsItsInterrupt() throws Exception {
			Path file = AuditTrailTests.this.directory.resolve("audit.jsonl");
			HeldSink sink = new HeldSink(new FileAuditSink(file), false);
			AuditTrail trail = new AuditTrail(sink, chain(), AuditTrail.ChainPosition.START, AuditTrailTests.this.meters);
			ExecutorService executor = Executors.newFixedThreadPool(2);
			Future<?> first = executor.submit(() -> trail.record(event("first")));
			assertThat(sink.writing.await(30, TimeUnit.SECONDS)).isTrue();
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			CompletableFuture<Long> waiter = new CompletableFuture<>();
			Future<Boolean> interrupted = executor.submit(() -> {
				waiter.complete(Thread.currentThread().getId());
				Thread.currentThread().interrupt();
				trail.record(event("interrupted"));
				return Thread.currentThread().isInterrupted();
			});
			long id = waiter.get(30, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(30)).until(() -> trail.queued() == 1);
			long before = threads.getThreadCpuTime(id);
			Thread.sleep(1000);
			long spent = threads.getThreadCpuTime(id) - before;
			sink.release.countDown();
			first.get(30, TimeUnit.SECONDS);

			assertThat(interrupted.get(30, TimeUnit.SECONDS)).isTrue();
			executor.shutdown();
			// Parked, not spinning: a spinning waiter spends most of the second on a core.
			assertThat(Duration.ofNanos(spent)).isLessThan(Duration.ofMillis(100));
			assertThat(sink.writes).containsExactly(1, 1);
			assertThat(Files.readAllLines(file)).hasSize(2).last().asString().contains("\"id\":\"interrupted\"");
		}

		/**
		 * A volume that fills up in the middle of a write of two records: the write fails, and so
		 * does each record's request, but the bytes that did reach the file stayed there. The next
		 * record was glued to a torn one, which audit-verify took for no record although its request
		 * had been served; or, after a record written whole, repeated its seq, and the trail was
		 * broken for good.
		 */
		@ParameterizedTest
		@CsvSource(delimiter = '|', textBlock = """
				0 | 40
				1 | 0
				1 | 40
				""")
		void aWriteThatFailsPartwayLeavesWholeRecordsOnlyAndTheNextContinuesTheChain(int line, int bytes)
				throws Exception {
			FileAuditSinkTests.Tears tears = new FileAuditSinkTests.Tears(2,
					(batch) -> FileAuditSinkTests.startOfLine(batch, line) + bytes);
			HeldWrite held = new HeldWrite(new HeldSink(new FileAuditSink(file(), tears), false), 2);

			held.release();
			for (Future<?> future : held.queued) {
				assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(30, TimeUnit.SECONDS))
					.havingCause()
					.isInstanceOf(AuditUnavailableException.class)
					.havingCause()
					.isSameAs(tears.failure);
			}
			assertThat(held.sink.writes).containsExactly(1, 2);
			assertThat(held.trail.head().seq()).isEqualTo(1);

			held.trail.record(event("after"));

			List<String> lines = Files.readAllLines(file());
			assertThat(lines).hasSize(2)
				.allSatisfy((each) -> assertThat(json.readTree(each).get("type").asString()).isEqualTo("audit"));
			assertThat(json.readTree(lines.get(1)).get("id").asString()).isEqualTo("after");
			assertThat(json.readTree(lines.get(1)).get("seq").asLong()).isEqualTo(2);
			assertThat(AuditVerifierTests.verify("--key-file",
					AuditVerifierTests.keyFile(AuditTrailTests.this.directory).toString(), file().toString()))
				.isZero();
		}

		@Test
		void aFailedWriteFailsEveryRequestWhoseRecordItHeld(CapturedOutput output) throws Exception {
			HeldSink sink = new HeldSink(new FileAuditSink(file()), true);
			HeldWrite held = new HeldWrite(sink, 4);

			held.release();
			for (Future<?> future : held.queued) {
				assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(30, TimeUnit.SECONDS))
					.havingCause()
					.isInstanceOf(AuditUnavailableException.class)
					.withMessage("The audit trail is unavailable")
					.havingCause()
					.isSameAs(sink.failure);
			}
			assertThat(AuditTrailTests.this.meters.get("broker.audit.failures").counter().count()).isEqualTo(4);
			assertThat(held.trail.head().seq()).isEqualTo(1);
			assertThat(output).contains("Audit records 2 to 5 could not be written: java.io.IOException: disk full");

			held.trail.record(event("after"));

			assertThat(Files.readAllLines(file())).hasSize(2).last().asString().contains("\"seq\":2");
			assertThat(AuditVerifierTests.verify("--key-file",
					AuditVerifierTests.keyFile(AuditTrailTests.this.directory).toString(), file().toString()))
				.isZero();
		}

		private Path file() {
			return AuditTrailTests.this.directory.resolve("audit.jsonl");
		}

		/**
		 * A trail on a sink that holds its first write, a request's, until released, with requests
		 * queued behind that write, each from its own thread.
		 */
		private final class HeldWrite {

			final HeldSink sink;

			final AuditTrail trail;

			/** The queued requests, once all wait. */
			final List<Future<?>> queued = new ArrayList<>();

			private final ExecutorService executor;

			private final Future<?> first;

			HeldWrite(HeldSink sink, int count) throws InterruptedException {
				this.sink = sink;
				this.trail = new AuditTrail(sink, chain(), AuditTrail.ChainPosition.START, AuditTrailTests.this.meters);
				this.executor = Executors.newFixedThreadPool(count + 1);
				this.first = this.executor.submit(() -> this.trail.record(event("first")));
				assertThat(sink.writing.await(30, TimeUnit.SECONDS)).isTrue();
				for (int i = 0; i < count; i++) {
					String id = "queued-" + i;
					this.queued.add(this.executor.submit(() -> this.trail.record(event(id))));
				}
				await().atMost(Duration.ofSeconds(30)).until(() -> this.trail.queued() == count);
			}

			/** Lets the held write go and waits for its request; the queued ones go on. */
			void release() throws Exception {
				this.sink.release.countDown();
				this.first.get(30, TimeUnit.SECONDS);
				this.executor.shutdown();
			}

		}

		@Test
		void aFileRotatedAwayIsFollowedByANewOneAtThePath() throws IOException {
			Path file = AuditTrailTests.this.directory.resolve("audit.jsonl");
			AuditTrail trail = fileTrail(file);
			trail.record(event("before"));
			Path rotated = AuditTrailTests.this.directory.resolve("audit.jsonl.1");
			Files.move(file, rotated);

			trail.record(event("after"));

			assertThat(Files.readAllLines(rotated)).singleElement().asString().contains("\"id\":\"before\"");
			assertThat(Files.readAllLines(file)).singleElement().asString().contains("\"id\":\"after\"");
		}

	}

	/**
	 * A file sink whose first write waits, once it has begun, until released, so that records queue
	 * behind it; it counts the records of each write, and fails the second write when told to.
	 */
	private static final class HeldSink implements AuditSink {

		final CountDownLatch writing = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final List<Integer> writes = new CopyOnWriteArrayList<>();

		final IOException failure = new IOException("disk full");

		/** Thrown by the second write, when set: not an exception the trail catches. */
		@Nullable Error errorSecond;

		private final FileAuditSink file;

		private final boolean failSecond;

		HeldSink(FileAuditSink file, boolean failSecond) {
			this.file = file;
			this.failSecond = failSecond;
		}

		@Override
		public void write(byte[] lines) throws IOException {
			boolean firstWrite = this.writes.isEmpty();
			this.writes.add((int) new String(lines, StandardCharsets.UTF_8).lines().count());
			if (firstWrite) {
				this.writing.countDown();
				try {
					assertThat(this.release.await(30, TimeUnit.SECONDS)).isTrue();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IOException(ex);
				}
			}
			else if (this.failSecond && this.writes.size() == 2) {
				throw this.failure;
			}
			else if (this.errorSecond != null && this.writes.size() == 2) {
				throw this.errorSecond;
			}
			this.file.write(lines);
		}

		@Override
		public String name() {
			return "held";
		}

		@Override
		public @Nullable String problem() {
			return null;
		}

	}

	@Test
	void closingLetsGoOfTheFileAndARecordAfterOpensItAgain() throws IOException {
		Path fds = Path.of("/proc/self/fd");
		assumeTrue(Files.isDirectory(fds), "needs Linux's /proc/self/fd");
		Path file = this.directory.resolve("audit.jsonl");
		AuditTrail trail = fileTrail(file);
		trail.record(event("a"));
		assertThat(descriptorsOf(fds, file)).isOne();

		trail.close();
		assertThat(descriptorsOf(fds, file)).isZero();

		trail.record(event("b"));
		assertThat(descriptorsOf(fds, file)).isOne();
		trail.close();
		assertThat(Files.readAllLines(file)).hasSize(2);
	}

	private static long descriptorsOf(Path fds, Path file) throws IOException {
		Path target = file.toRealPath();
		try (Stream<Path> open = Files.list(fds)) {
			return open.filter((fd) -> {
				try {
					return Files.readSymbolicLink(fd).equals(target);
				}
				catch (IOException ex) {
					return false; // closed meanwhile, such as the listing's own descriptor
				}
			}).count();
		}
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

		/**
		 * The interleaving that split records when they were written beside {@code System.out},
		 * forced: a long log line is being written through {@code System.out}, on a stream that,
		 * like a pipe, takes it 4 KiB at a time, and a record is written in the middle of it. The
		 * record must wait for the log line to be whole, and be whole itself.
		 */
		@Test
		void aRecordWaitsForALongLogLineBeingWrittenThroughSystemOut() throws Exception {
			String stackTrace = "ERROR " + "\tat a.very.long.StackFrame(Frame.java:1)".repeat(500) + "\n";
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			CountDownLatch logLineHalfWritten = new CountDownLatch(1);
			CountDownLatch recorded = new CountDownLatch(1);
			Thread[] recorder = new Thread[1];
			Thread logger = new Thread(() -> {
				// As the console appender writes a log line.
				byte[] line = stackTrace.getBytes(StandardCharsets.UTF_8);
				System.out.write(line, 0, line.length);
				System.out.flush();
			}, "logger");
			Pipe pipe = new Pipe(bytes, () -> {
				if (Thread.currentThread() == logger && logLineHalfWritten.getCount() == 1) {
					logLineHalfWritten.countDown();
					// Go on only once the record waits for System.out, or has been written anyway.
					await().atMost(Duration.ofSeconds(30))
						.until(() -> recorded.getCount() == 0
								|| (recorder[0] != null && waitsInPrintStream(recorder[0])));
				}
			});
			AuditTrail trail = new AuditTrail(new StdoutAuditSink(), chain(), AuditTrail.ChainPosition.START, meters);
			PrintStream original = System.out;
			System.setOut(new PrintStream(pipe, false, StandardCharsets.UTF_8));
			try {
				logger.start();
				assertThat(logLineHalfWritten.await(30, TimeUnit.SECONDS)).isTrue();
				recorder[0] = new Thread(() -> {
					trail.record(event("r"));
					recorded.countDown();
				}, "recorder");
				recorder[0].start();
				logger.join(30_000);
				recorder[0].join(30_000);
			}
			finally {
				System.setOut(original);
			}

			assertThat(recorded.getCount()).isZero();
			// Other threads' log lines may have come in meanwhile; these two must be whole.
			List<String> lines = bytes.toString(StandardCharsets.UTF_8)
				.lines()
				.filter((line) -> line.contains("StackFrame") || line.contains("\"type\":\"audit\""))
				.toList();
			assertThat(lines).hasSize(2);
			assertThat(lines.get(0) + "\n").isEqualTo(stackTrace);
			assertThat(lines.get(1)).startsWith("{\"type\":\"audit\"").endsWith("\"}");
		}

		private static boolean waitsInPrintStream(Thread thread) {
			Thread.State state = thread.getState();
			return (state == Thread.State.BLOCKED || state == Thread.State.WAITING)
					&& Arrays.stream(thread.getStackTrace())
						.anyMatch((frame) -> frame.getClassName().equals(PrintStream.class.getName()));
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

		/**
		 * Takes at most 4 KiB at a time, as a pipe does atomically, and runs a hook after the first
		 * 4 KiB of a longer write.
		 */
		private static final class Pipe extends OutputStream {

			private final OutputStream out;

			private final Runnable midWrite;

			Pipe(OutputStream out, Runnable midWrite) {
				this.out = out;
				this.midWrite = midWrite;
			}

			@Override
			public synchronized void write(int b) throws IOException {
				this.out.write(b);
			}

			@Override
			public void write(byte[] bytes, int offset, int length) throws IOException {
				for (int at = offset; at < offset + length; at += 4096) {
					synchronized (this) {
						this.out.write(bytes, at, Math.min(4096, offset + length - at));
					}
					if (at + 4096 < offset + length) {
						this.midWrite.run();
					}
				}
			}

		}

	}

	private AuditTrail fileTrail(Path file) {
		return new AuditTrail(new FileAuditSink(file), chain(), AuditConfiguration.lastPosition(file, chainKey()),
				this.meters);
	}

	/** A broker of the same instance started again on the file, as a new boot. */
	private AuditTrail restarted(Path file, String boot) {
		return new AuditTrail(new FileAuditSink(file), chain("pod-a", boot),
				AuditConfiguration.lastPosition(file, chainKey()), this.meters);
	}

	/** A chain of the same instance under a key not the tests'. */
	private static AuditChain otherKeysChain() {
		return new AuditChain(new HmacKey("another-chain-key-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8)),
				new AuditChain.Origin("pod-a", "boot-0"));
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
				new AuditEvent.Requested(List.of(), List.of("notebook.primaryAccessKey")), AuditEvent.Verdict.ALLOW, "allow",
				List.of("team-alpha#0"),
				List.of(new AuditEvent.Returned("notebook.primaryAccessKey", AuditEvent.Disclosure.REVEALED, "hmac-sha256:0123")),
				new AuditEvent.Upstream(200, "req-1", "none"), 200, 12, "127.0.0.1", null);
	}

}
