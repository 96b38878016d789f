package dev.credbroker.audit;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.UnaryOperator;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Appends records to a file kept open between writes. Before each write it checks that the path
 * still names the file it holds open (the file's identity, its device and inode, one {@code stat}):
 * a file that an operator rotated away or deleted is followed by a new one at the path, so no
 * record goes to a file no one will read. A failed write closes the file, so the next write opens
 * it again and picks up a path that has become writable. Each write is one {@code write} call to
 * the operating system, with no buffer in the process, as when the file was opened for each record.
 * <p>
 * The file holds whole records only, each on its line, so that every record written can be read
 * back and the chain goes on where the trail says it does. A write can fail partway, on a full
 * volume, after part of it reached the file: the trail then fails every record of the write and
 * does not advance its chain, so the bytes that did arrive are cut off again (the file truncated
 * to its size before the write). Left there, the next record would be glued to a torn line, and
 * the whole records of the failed write would carry the seqs that the next ones reuse. If they
 * cannot be cut off, the sink refuses every record until a restart, which continues the trail after
 * the last whole record. A file opened that does not end with a line break ends with such a torn
 * line (a process that died in the middle of a write): it is cut off too, unless it does not begin
 * as a record does, in which case it is not the broker's, and is kept, ended with a line break.
 */
final class FileAuditSink implements AuditSink, Closeable {

	private static final Log logger = LogFactory.getLog(FileAuditSink.class);

	/** How every record's line begins: a torn line that begins otherwise was not written here. */
	private static final byte[] RECORD_START = "{\"type\":\"audit\"".getBytes(StandardCharsets.US_ASCII);

	private final Path path;

	/** Wraps each channel opened: the identity, but for tests of failed writes. */
	private final UnaryOperator<FileChannel> channels;

	private @Nullable FileChannel channel;

	/** The identity of the file open, or {@code null} where the platform has none to give. */
	private @Nullable Object openFile;

	/**
	 * Why every record is refused until a restart: part of a failed write could not be cut off.
	 * Read by health checks without the lock, which a slow write holds.
	 */
	private volatile @Nullable String broken;

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
		String broken = this.broken;
		if (broken != null) {
			return broken;
		}
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
		String broken = this.broken;
		if (broken != null) {
			throw new IOException(broken);
		}
		FileChannel out = open();
		long size = -1;
		try {
			size = out.size();
			ByteBuffer buffer = ByteBuffer.wrap(lines);
			while (buffer.hasRemaining()) {
				out.write(buffer);
			}
		}
		catch (IOException | RuntimeException ex) {
			if (size >= 0) {
				cutBack(out, size, ex);
			}
			close();
			throw ex;
		}
	}

	/**
	 * Cuts off what a failed write left in the file, or, when that fails too, refuses every record
	 * from now on: the file may then end with whole records the chain does not hold, and the seqs
	 * of the next records would repeat theirs.
	 * <p>
	 * An interrupt closes a channel during a write, and the next operation on a channel of an
	 * interrupted thread would close it at once: the file is truncated through a channel of its
	 * own, with the interrupt put aside meanwhile, so that an interrupted request does not break
	 * the sink for good.
	 * @param out the channel written to
	 * @param size the file's size before the write
	 * @param failure why the write failed, to which a failure to cut back is added
	 */
	private void cutBack(FileChannel out, long size, Exception failure) {
		boolean interrupted = Thread.interrupted();
		try {
			try {
				truncate(out, size);
			}
			catch (ClosedChannelException ex) {
				Object file = this.openFile;
				try (FileChannel again = FileChannel.open(this.path, StandardOpenOption.WRITE)) {
					if (file != null && !file.equals(fileAtPath())) {
						throw new IOException(this.path + " names another file now", ex);
					}
					truncate(again, size);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			failure.addSuppressed(ex);
			String why = this.path + " may end with part of a failed write, which could not be removed ("
					+ ex.getClass().getName() + ": " + ex.getMessage() + ")";
			this.broken = why + ": every record is refused until a restart";
			logger.error("Audit records are refused until the broker restarts: " + why);
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static void truncate(FileChannel channel, long size) throws IOException {
		if (channel.size() > size) {
			channel.truncate(size);
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
		try {
			Object file = fileAtPath();
			endWithALineBreak(opened);
			this.channel = opened;
			this.openFile = file;
			return opened;
		}
		catch (IOException | RuntimeException ex) {
			opened.close();
			throw ex;
		}
	}

	/**
	 * Makes the file end where a line ends, before the first record goes to it: a torn line at its
	 * end is part of a write that failed, or that a process died in the middle of, before its
	 * request was answered, and is cut off; a torn line that does not begin as a record does is not
	 * the broker's, and is kept, ended with a line break, so that the next record is a line of its
	 * own.
	 * @param out the channel just opened
	 */
	private void endWithALineBreak(FileChannel out) throws IOException {
		if (out.size() == 0) {
			return;
		}
		try (FileChannel in = FileChannel.open(this.path, StandardOpenOption.READ)) {
			long size = in.size();
			long tornAt = endOfLastLine(in, size);
			if (tornAt == size) {
				return;
			}
			if (beginsAsARecord(in, tornAt, size)) {
				out.truncate(tornAt);
				logger.warn("Cut off " + (size - tornAt) + " bytes at the end of " + this.path
						+ ": part of an audit record whose write failed, ending in no line break");
			}
			else {
				ByteBuffer lineBreak = ByteBuffer.wrap(new byte[] { '\n' });
				while (lineBreak.hasRemaining()) {
					out.write(lineBreak);
				}
				logger.warn(this.path + " ended in a line that is no audit record, without a line break: "
						+ "ended it with one, so that the next record is a line of its own");
			}
		}
	}

	/**
	 * Where a file's last whole line ends.
	 * @param in the file
	 * @param size its size
	 * @return the offset just after its last line break, 0 if it has none, or {@code size} if it
	 * ends with one
	 */
	static long endOfLastLine(FileChannel in, long size) throws IOException {
		ByteBuffer block = ByteBuffer.allocate(8192);
		long end = size;
		while (end > 0) {
			long from = Math.max(0, end - block.capacity());
			block.clear().limit((int) (end - from));
			read(in, block, from);
			for (int i = block.position() - 1; i >= 0; i--) {
				if (block.get(i) == '\n') {
					return from + i + 1;
				}
			}
			end = from;
		}
		return 0;
	}

	/**
	 * Whether a line begins as a record does, as far as it goes: a torn line that does not was not
	 * written by the broker.
	 * @param in the file
	 * @param start where the line starts
	 * @param end where the file, or the line, ends
	 */
	static boolean beginsAsARecord(FileChannel in, long start, long end) throws IOException {
		ByteBuffer first = ByteBuffer.allocate((int) Math.min(RECORD_START.length, end - start));
		read(in, first, start);
		for (int i = 0; i < first.position(); i++) {
			if (first.get(i) != RECORD_START[i]) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Reads from a file until the buffer is full or the file ends.
	 * @param in the file
	 * @param into the buffer, filled from its position
	 * @param at where in the file to read from
	 */
	static void read(FileChannel in, ByteBuffer into, long at) throws IOException {
		long position = at;
		while (into.hasRemaining()) {
			int read = in.read(into, position);
			if (read < 0) {
				return;
			}
			position += read;
		}
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
