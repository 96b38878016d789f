package dev.credbroker.audit;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

/**
 * Where audit records go. A write returns only once the line has left the process (flushed), or
 * throws.
 */
interface AuditSink {

	/**
	 * Writes one record.
	 * @param line the record's line, UTF-8, ending with a line break
	 * @throws IOException if it could not be written
	 */
	void write(byte[] line) throws IOException;

	/** @return the sink's name for health details */
	String name();

	/**
	 * Whether the sink could take a record now, without writing one.
	 * @return why not, or {@code null} when it could
	 */
	@Nullable String problem();

}
