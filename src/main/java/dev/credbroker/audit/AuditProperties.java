package dev.credbroker.audit;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the audit trail is written, and how its chain is keyed.
 *
 * @param sink {@code stdout}, for the cluster's log collector, or {@code file}
 * @param file the file sink's settings
 * @param chainKey the HMAC-SHA256 key of the chain's hashes, at least 32 bytes; from the environment
 * or a mounted file. Whoever holds it can verify the trail, and could rewrite it: keep it from
 * whoever can write the trail. When unset, a random key is made at start, unless
 * {@code requireChainKey}
 * @param requireChainKey refuse to start without {@code chainKey}; true in the {@code k8s} profile
 * @param checkpointInterval how often the chain head is written to the application log
 */
@ConfigurationProperties("broker.audit")
public record AuditProperties(@DefaultValue("stdout") Sink sink, @DefaultValue File file, @Nullable String chainKey,
		boolean requireChainKey, @DefaultValue("60s") Duration checkpointInterval) {

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

	@Override
	public String toString() {
		return "AuditProperties[sink=" + this.sink + ", file=" + this.file + ", chainKey="
				+ ((this.chainKey != null) ? "[redacted]" : "unset") + ", requireChainKey=" + this.requireChainKey
				+ ", checkpointInterval=" + this.checkpointInterval + "]";
	}

}
