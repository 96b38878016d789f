package dev.credbroker.audit;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the audit trail is written.
 *
 * @param sink {@code stdout}, for the cluster's log collector, or {@code file}
 * @param file the file sink's settings
 */
@ConfigurationProperties("broker.audit")
public record AuditProperties(@DefaultValue("stdout") Sink sink, @DefaultValue File file) {

	/**
	 * The sinks.
	 */
	public enum Sink {

		/** Standard output, one JSON object a line, apart from the application's logs. */
		STDOUT,

		/** A file, appended to. */
		FILE

	}

	/**
	 * The file sink.
	 *
	 * @param path the file; records are appended, and a trail already in it is continued
	 */
	public record File(@Nullable Path path) {
	}

}
