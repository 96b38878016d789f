package dev.credbroker.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The file sink keeps its file to whole records, each on its line: a write that fails partway, as
 * on a full volume, is cut off again, so that the next record neither is glued to a torn line nor
 * repeats the seq of a record the trail never counted; when it cannot be cut off, every record is
 * refused until a restart. A file that ends in a torn line when it is opened is cut back to its
 * last whole line, unless that line is not the broker's.
 */
@ExtendWith(OutputCaptureExtension.class)
class FileAuditSinkTests {

	private final List<String> records = AuditVerifierTests.lines(AuditTrailTests.chain(), 3);

	@TempDir
	Path directory;

	/** The second write takes two records and fails after part of them: at a line's start plus some bytes. */
	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			0 | 0
			0 | 40
			1 | 0
			1 | 40
			""")
	void aWriteThatFailsPartwayIsCutOffSoTheFileHoldsWholeRecordsOnly(int line, int bytes) throws IOException {
		Tears tears = new Tears(2, (batch) -> startOfLine(batch, line) + bytes);
		FileAuditSink sink = new FileAuditSink(file(), tears);
		sink.write(bytes(this.records.get(0)));

		assertThatIOException().isThrownBy(() -> sink.write(bytes(this.records.get(1), this.records.get(2))))
			.isSameAs(tears.failure);
		assertThat(Files.readAllLines(file())).containsExactly(this.records.get(0));
		assertThat(sink.problem()).isNull();

		// What the trail does next: the chain did not advance, so the next record is seq 2 again.
		sink.write(bytes(this.records.get(1)));

		assertThat(Files.readAllLines(file())).containsExactlyElementsOf(this.records.subList(0, 2));
		assertThat(verify()).isZero();
	}

	@Test
	void whenWhatAFailedWriteLeftCannotBeCutOffEveryRecordIsRefusedUntilARestart(CapturedOutput output)
			throws IOException {
		Tears tears = new Tears(2, (batch) -> startOfLine(batch, 1) + 40);
		tears.truncateFails = true;
		FileAuditSink sink = new FileAuditSink(file(), tears);
		sink.write(bytes(this.records.get(0)));
		assertThatIOException().isThrownBy(() -> sink.write(bytes(this.records.get(1), this.records.get(2))))
			.isSameAs(tears.failure)
			.satisfies((ex) -> assertThat(ex.getSuppressed()).singleElement().isSameAs(tears.truncateFailure));
		long size = Files.size(file());

		// The volume has room again, but the file may end with records the chain does not hold.
		assertThatIOException().isThrownBy(() -> sink.write(bytes(this.records.get(1))))
			.withMessageContaining("every record is refused until a restart");

		assertThat(Files.size(file())).isEqualTo(size);
		assertThat(sink.problem()).contains(file().toString())
			.contains("may end with part of a failed write, which could not be removed")
			.contains("every record is refused until a restart");
		assertThat(output.toString().split("Audit records are refused until the broker restarts", -1)).hasSize(2);
	}

	/**
	 * An interrupt closes the channel in the middle of a write, and would close the next channel
	 * of the thread at its first operation: the cut must still be made, and the interrupt kept.
	 */
	@Test
	void aWriteInterruptedPartwayIsCutOffAndTheInterruptKept() throws IOException {
		Tears tears = new Tears(2, (batch) -> startOfLine(batch, 1) + 40);
		tears.interruptInstead = true;
		FileAuditSink sink = new FileAuditSink(file(), tears);
		sink.write(bytes(this.records.get(0)));
		try {
			assertThatExceptionOfType(ClosedByInterruptException.class)
				.isThrownBy(() -> sink.write(bytes(this.records.get(1), this.records.get(2))));
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
		assertThat(Files.readAllLines(file())).containsExactly(this.records.get(0));
		assertThat(sink.problem()).isNull();

		sink.write(bytes(this.records.get(1)));

		assertThat(Files.readAllLines(file())).containsExactlyElementsOf(this.records.subList(0, 2));
	}

	/** What a process that died in the middle of a write leaves: its request was never answered. */
	@Test
	void aFileThatEndsInATornRecordIsCutBackToItsLastWholeLineWhenOpened(CapturedOutput output) throws IOException {
		String torn = this.records.get(1).substring(0, 50);
		Files.writeString(file(), this.records.get(0) + "\n" + torn);
		FileAuditSink sink = new FileAuditSink(file());

		sink.write(bytes(this.records.get(1)));

		assertThat(Files.readAllLines(file())).containsExactlyElementsOf(this.records.subList(0, 2));
		assertThat(verify()).isZero();
		assertThat(output).contains("Cut off 50 bytes at the end of " + file());
	}

	@Test
	void aFileThatIsATornRecordAloneIsCutBackToNothing() throws IOException {
		Files.writeString(file(), "{\"type\":\"au");
		FileAuditSink sink = new FileAuditSink(file());

		sink.write(bytes(this.records.get(0)));

		assertThat(Files.readAllLines(file())).containsExactly(this.records.get(0));
	}

	/** A line the broker did not write is not its to remove: the next record starts on a line of its own. */
	@Test
	void aTornLineThatIsNoRecordIsKeptAndEndedWithALineBreak() throws IOException {
		Files.writeString(file(), this.records.get(0) + "\nwritten by someone else");
		FileAuditSink sink = new FileAuditSink(file());

		sink.write(bytes(this.records.get(1)));

		assertThat(Files.readAllLines(file())).containsExactly(this.records.get(0), "written by someone else",
				this.records.get(1));
	}

	private Path file() {
		return this.directory.resolve("audit.jsonl");
	}

	private int verify() {
		return AuditVerifierTests.verify("--key-file", AuditVerifierTests.keyFile(this.directory).toString(),
				file().toString());
	}

	static byte[] bytes(String... lines) {
		return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
	}

	/** Where the {@code line}th line of a write starts. */
	static int startOfLine(ByteBuffer batch, int line) {
		int at = batch.position();
		for (int i = 0; i < line; i++) {
			while (batch.get(at) != '\n') {
				at++;
			}
			at++;
		}
		return at - batch.position();
	}

	/**
	 * Wraps a sink's channels so that one write call takes only the first bytes it is given and
	 * the call after it fails, as a write does when the volume fills up in the middle of it: the
	 * operating system takes what fits, and the next call fails with {@code ENOSPC}. The calls are
	 * counted across every channel the sink opens.
	 */
	static final class Tears implements UnaryOperator<FileChannel> {

		final IOException failure = new IOException("No space left on device");

		final IOException truncateFailure = new IOException("Input/output error");

		/** The truncation of the file fails too. */
		boolean truncateFails;

		/** The call after the torn one is interrupted, and the channel closed, rather than failed. */
		boolean interruptInstead;

		private final int tornCall;

		private final ToIntFunction<ByteBuffer> taken;

		private final AtomicInteger calls = new AtomicInteger();

		/**
		 * @param tornCall the write call, counting from 1, that takes part of what it is given
		 * @param taken how many bytes of it that call takes
		 */
		Tears(int tornCall, ToIntFunction<ByteBuffer> taken) {
			this.tornCall = tornCall;
			this.taken = taken;
		}

		@Override
		public FileChannel apply(FileChannel channel) {
			return new TearingChannel(channel, this);
		}

	}

	/** A file channel that tears one write, as {@link Tears} says, and passes every other operation on. */
	private static final class TearingChannel extends FileChannel {

		private final FileChannel file;

		private final Tears tears;

		TearingChannel(FileChannel file, Tears tears) {
			this.file = file;
			this.tears = tears;
		}

		@Override
		public int write(ByteBuffer source) throws IOException {
			int call = this.tears.calls.incrementAndGet();
			if (call == this.tears.tornCall) {
				int taken = this.tears.taken.applyAsInt(source);
				ByteBuffer part = source.duplicate();
				part.limit(part.position() + taken);
				while (part.hasRemaining()) {
					this.file.write(part);
				}
				source.position(source.position() + taken);
				return taken;
			}
			if (call == this.tears.tornCall + 1) {
				if (this.tears.interruptInstead) {
					Thread.currentThread().interrupt();
					return this.file.write(source);
				}
				throw this.tears.failure;
			}
			return this.file.write(source);
		}

		@Override
		public FileChannel truncate(long size) throws IOException {
			if (this.tears.truncateFails) {
				throw this.tears.truncateFailure;
			}
			this.file.truncate(size);
			return this;
		}

		@Override
		public long size() throws IOException {
			return this.file.size();
		}

		@Override
		public int read(ByteBuffer destination) throws IOException {
			return this.file.read(destination);
		}

		@Override
		public long read(ByteBuffer[] destinations, int offset, int length) throws IOException {
			return this.file.read(destinations, offset, length);
		}

		@Override
		public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
			return this.file.write(sources, offset, length);
		}

		@Override
		public long position() throws IOException {
			return this.file.position();
		}

		@Override
		public FileChannel position(long position) throws IOException {
			this.file.position(position);
			return this;
		}

		@Override
		public void force(boolean metaData) throws IOException {
			this.file.force(metaData);
		}

		@Override
		public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
			return this.file.transferTo(position, count, target);
		}

		@Override
		public long transferFrom(ReadableByteChannel source, long position, long count) throws IOException {
			return this.file.transferFrom(source, position, count);
		}

		@Override
		public int read(ByteBuffer destination, long position) throws IOException {
			return this.file.read(destination, position);
		}

		@Override
		public int write(ByteBuffer source, long position) throws IOException {
			return this.file.write(source, position);
		}

		@Override
		public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
			return this.file.map(mode, position, size);
		}

		@Override
		public FileLock lock(long position, long size, boolean shared) throws IOException {
			return this.file.lock(position, size, shared);
		}

		@Override
		public FileLock tryLock(long position, long size, boolean shared) throws IOException {
			return this.file.tryLock(position, size, shared);
		}

		@Override
		protected void implCloseChannel() throws IOException {
			this.file.close();
		}

	}

}
