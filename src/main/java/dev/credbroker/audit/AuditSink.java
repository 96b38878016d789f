package dev.credbroker.audit;

import java.io.IOException;

/**
 * Where audit records go. A write returns only once the line has left the process (flushed), or
 * throws.
 */
interface AuditSink {

	void write(String line) throws IOException;

}
