package dev.credbroker.audit;

import java.io.IOException;
import java.io.PrintStream;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Writes records to the process's standard output, for the cluster's log collector, rather than
 * through the logging system: no log level or appender setting can drop or reformat them.
 * <p>
 * Through {@code System.out} itself, as the console log appender writes: each write to it takes
 * its lock, so a record is written whole between two log lines. Written beside it, straight to the
 * file descriptor, a record could be split around by a long log line (a stack trace) written at
 * the same moment, since on a pipe only writes of up to 4 KiB are atomic, leaving both unreadable.
 * A {@link PrintStream} keeps its errors to itself: they are asked for after each record, and fail
 * it. Once standard output has failed it stays failed, and so does every record, until a restart.
 */
final class StdoutAuditSink implements AuditSink {

	private final Supplier<PrintStream> out;

	StdoutAuditSink() {
		// Looked up for each record, as the console appender does.
		this(() -> System.out);
	}

	StdoutAuditSink(Supplier<PrintStream> out) {
		this.out = out;
	}

	@Override
	public String name() {
		return "stdout";
	}

	@Override
	public @Nullable String problem() {
		return this.out.get().checkError() ? "standard output cannot be written" : null;
	}

	@Override
	public void write(byte[] lines) throws IOException {
		PrintStream out = this.out.get();
		out.write(lines, 0, lines.length);
		// Flushes, then says whether this or any earlier write failed.
		if (out.checkError()) {
			throw new IOException("standard output cannot be written");
		}
	}

}
