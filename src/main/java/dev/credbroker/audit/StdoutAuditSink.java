package dev.credbroker.audit;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

import org.jspecify.annotations.Nullable;

/**
 * Writes records to the process's standard output, for the cluster's log collector, straight to
 * the file descriptor rather than through the logging system: no log level or appender setting can
 * drop or reformat them, and each record is one write of one line.
 */
final class StdoutAuditSink implements AuditSink {

	private final OutputStream out;

	StdoutAuditSink() {
		this(new FileOutputStream(FileDescriptor.out));
	}

	StdoutAuditSink(OutputStream out) {
		this.out = out;
	}

	@Override
	public String name() {
		return "stdout";
	}

	@Override
	public @Nullable String problem() {
		return null;
	}

	@Override
	public void write(byte[] line) throws IOException {
		this.out.write(line);
		this.out.flush();
	}

}
