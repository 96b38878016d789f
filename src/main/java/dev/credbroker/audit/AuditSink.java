package dev.credbroker.audit;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

/**
 * Where audit records go. A write returns only once its lines have left the process (flushed), or
 * throws. Writes come one at a time, from the trail's writer.
 */
interface AuditSink {

	/**
	 * Writes records, whole: one or more lines, in one write where the sink can.
	 * @param lines the records' lines, UTF-8, each ending with a line break
	 * @throws IOException if they could not be written
	 */
	void write(byte[] lines) throws IOException;

	/** @return the sink's name for health details */
	String name();

	/**
	 * Whether the sink could take a record now, without writing one.
	 * @return why not, or {@code null} when it could
	 */
	@Nullable String problem();

}
