package dev.credbroker.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.jspecify.annotations.Nullable;

/**
 * Appends records to a file, opened for each record: a file that an operator rotates or that
 * becomes writable again is picked up by the next record, with no restart.
 */
final class FileAuditSink implements AuditSink {

	private final Path path;

	FileAuditSink(Path path) {
		this.path = path;
	}

	Path path() {
		return this.path;
	}

	@Override
	public String name() {
		return "file";
	}

	@Override
	public @Nullable String problem() {
		if (Files.exists(this.path)) {
			return (Files.isRegularFile(this.path) && Files.isWritable(this.path)) ? null
					: this.path + " is not a writable file";
		}
		Path directory = this.path.toAbsolutePath().getParent();
		return (directory != null && Files.isDirectory(directory) && Files.isWritable(directory)) ? null
				: "cannot create " + this.path;
	}

	@Override
	public void write(byte[] line) throws IOException {
		try (OutputStream out = Files.newOutputStream(this.path, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
				StandardOpenOption.WRITE)) {
			out.write(line);
		}
	}

}
