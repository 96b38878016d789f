package dev.credbroker.audit;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * Appends records to a file kept open between writes. Before each write it checks that the path
 * still names the file it holds open (the file's identity, its device and inode, one {@code stat}):
 * a file that an operator rotated away or deleted is followed by a new one at the path, so no
 * record goes to a file no one will read. A failed write closes the file, so the next write opens
 * it again and picks up a path that has become writable. Each write is one {@code write} call to
 * the operating system, with no buffer in the process, as when the file was opened for each record.
 */
final class FileAuditSink implements AuditSink, Closeable {

	private final Path path;

	/** Wraps each channel opened: the identity, but for tests of failed writes. */
	private final UnaryOperator<FileChannel> channels;

	private @Nullable FileChannel channel;

	/** The identity of the file open, or {@code null} where the platform has none to give. */
	private @Nullable Object openFile;

	FileAuditSink(Path path) {
		this(path, UnaryOperator.identity());
	}

	FileAuditSink(Path path, UnaryOperator<FileChannel> channels) {
		this.path = path;
		this.channels = channels;
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
	public synchronized void write(byte[] lines) throws IOException {
		FileChannel out = open();
		try {
			ByteBuffer buffer = ByteBuffer.wrap(lines);
			while (buffer.hasRemaining()) {
				out.write(buffer);
			}
		}
		catch (IOException | RuntimeException ex) {
			close();
			throw ex;
		}
	}

	/** The channel to the file the path names now. */
	private FileChannel open() throws IOException {
		FileChannel current = this.channel;
		if (current != null && current.isOpen() && this.openFile != null && this.openFile.equals(fileAtPath())) {
			return current;
		}
		close();
		FileChannel opened = this.channels.apply(FileChannel.open(this.path, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND, StandardOpenOption.WRITE));
		this.channel = opened;
		this.openFile = fileAtPath();
		return opened;
	}

	private @Nullable Object fileAtPath() throws IOException {
		try {
			return Files.readAttributes(this.path, BasicFileAttributes.class).fileKey();
		}
		catch (NoSuchFileException ex) {
			return null;
		}
	}

	/** Closes the file; the next write opens it again. */
	@Override
	public synchronized void close() {
		FileChannel current = this.channel;
		this.channel = null;
		this.openFile = null;
		if (current != null) {
			try {
				current.close();
			}
			catch (IOException ex) {
				// Every byte written has been handed to the system already; nothing is lost here.
			}
		}
	}

}
