package dev.credbroker.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import dev.credbroker.crypto.HmacKey;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The audit trail on the configured sink, chained under the configured key, and its checkpoints.
 * A file sink continues the trail the file already holds, from its last whole record.
 */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

	private static final Log logger = LogFactory.getLog(AuditConfiguration.class);

	static final String CHAIN_KEY = "broker.audit.chain-key";

	/** Longer than any record: read no further, as no record. */
	private static final int MAX_LINE = 1 << 20;

	private static final String TOO_LONG = "(a line too long to be an audit record)";

	@Bean
	AuditTrail auditTrail(AuditProperties properties, MeterRegistry meterRegistry, Environment environment) {
		HmacKey key = chainKey(properties);
		AuditChain chain = new AuditChain(key, AuditChain.Origin.ofThisProcess(environment::getProperty));
		if (properties.sink() == AuditProperties.Sink.STDOUT) {
			return new AuditTrail(new StdoutAuditSink(), chain, AuditTrail.ChainPosition.START, meterRegistry);
		}
		Path path = properties.file().path();
		if (path == null) {
			throw new IllegalStateException("broker.audit.sink=file needs broker.audit.file.path");
		}
		String configured = properties.chainKey();
		return new AuditTrail(new FileAuditSink(path), chain,
				lastPosition(path, (configured != null && !configured.isEmpty()) ? key : null), meterRegistry);
	}

	@Bean
	AuditCheckpoint auditCheckpoint(AuditTrail auditTrail, AuditProperties properties) {
		return new AuditCheckpoint(auditTrail, properties.checkpointInterval());
	}

	static HmacKey chainKey(AuditProperties properties) {
		if (properties.requireChainKey()) {
			return HmacKey.required(CHAIN_KEY, properties.chainKey(),
					"broker.audit.require-chain-key is true (as in the k8s profile)");
		}
		return HmacKey.orRandom(CHAIN_KEY, properties.chainKey(),
				"no one can verify this process's audit records once it has stopped (audit-verify --key-file)");
	}

	/**
	 * Where the trail in a file continues from: its last whole record, one that a broker wrote (its
	 * hash checks under the chain key, when one is configured). Lines after it that are not are
	 * passed over: a torn line at the end, part of a write that did not finish, which the sink cuts
	 * off before it writes (so the trail goes on right after the record it continues); lines that
	 * are no records, and records changed or forged, which are left for {@code audit-verify} to
	 * report. Passing over them, rather than starting a new trail at seq 1 after them, keeps a
	 * torn line from hiding, across a restart, that records at the end of the trail were removed.
	 * @param path the file
	 * @param key the chain key to check hashes with, or {@code null} when none is configured (a
	 * random key cannot check the records of an earlier process)
	 * @return where to continue, or the start of a trail for a file without a line
	 * @throws IllegalStateException if the file holds lines but no record to continue: the broker
	 * does not start a new trail in a file whose end it cannot tell
	 */
	static AuditTrail.ChainPosition lastPosition(Path path, @Nullable HmacKey key) {
		if (!Files.isRegularFile(path)) {
			return AuditTrail.ChainPosition.START;
		}
		int passedOver = 0;
		try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
			long size = file.size();
			long whole = FileAuditSink.endOfLastLine(file, size);
			if (whole < size && !FileAuditSink.beginsAsARecord(file, whole, size)) {
				// A torn line that is not part of a record, which the sink keeps.
				passedOver++;
			}
			LinesBackward lines = new LinesBackward(file, whole);
			for (String line = lines.previous(); line != null; line = lines.previous()) {
				if (line.isBlank()) {
					continue;
				}
				AuditTrail.ChainPosition last = position(line, key);
				if (last != null) {
					if (passedOver > 0) {
						logger.warn("The audit trail in " + path + " continues after seq " + last.seq() + ", its last "
								+ "whole record" + ((key != null) ? " under the chain key" : "") + "; " + passedOver
								+ ((passedOver == 1) ? " line after it is" : " lines after it are") + " not, which "
								+ "audit-verify reports");
					}
					return last;
				}
				passedOver++;
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read the audit trail in " + path + " to continue it: "
					+ ex.getClass().getName() + ": " + ex.getMessage(), ex);
		}
		if (passedOver == 0) {
			return AuditTrail.ChainPosition.START;
		}
		throw new IllegalStateException(path + " holds " + passedOver + ((passedOver == 1) ? " line" : " lines")
				+ " but no whole audit record"
				+ ((key != null) ? " whose hash checks under " + CHAIN_KEY
						+ " (if the key was changed, move the file aside: each key's records need a file of their own)"
						: "")
				+ ": not starting a new trail after them, where it would hide how the trail before it ended");
	}

	/** Where a line continues the trail from, if it is a whole record, and a broker's. */
	private static AuditTrail.@Nullable ChainPosition position(String line, @Nullable HmacKey key) {
		int hashAt = AuditChain.hashMemberAt(line);
		if (hashAt < 0) {
			return null;
		}
		String hash = line.substring(hashAt + AuditChain.HASH_MEMBER.length(), line.length() - 2);
		if (!hash.chars().allMatch((c) -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
			return null;
		}
		if (key != null && !hash.equals(AuditChain.expectedHash(key, line))) {
			return null;
		}
		try {
			JsonNode record = AuditChain.RECORD_READER.readTree(line);
			JsonNode seq = record.get("seq");
			JsonNode prevHash = record.get("prevHash");
			if (!record.path("type").asString("").equals("audit") || seq == null || !seq.canConvertToLong()
					|| seq.asLong() < 1 || prevHash == null || !prevHash.isString()
					|| !hash.equals(record.path("hash").asString(""))) {
				return null;
			}
			return new AuditTrail.ChainPosition(seq.asLong(), hash);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/**
	 * A file's whole lines, the last first: the record a trail continues from is near its end, in a
	 * file that may be large.
	 */
	private static final class LinesBackward {

		private final FileChannel file;

		/** Where the line to give next ends, after its line break. */
		private long end;

		LinesBackward(FileChannel file, long end) {
			this.file = file;
			this.end = end;
		}

		/** The line before the last one given, without its line break, or {@code null} at the start. */
		@Nullable String previous() throws IOException {
			if (this.end == 0) {
				return null;
			}
			long start = FileAuditSink.endOfLastLine(this.file, this.end - 1);
			long length = this.end - 1 - start;
			this.end = start;
			if (length > MAX_LINE) {
				return TOO_LONG;
			}
			ByteBuffer bytes = ByteBuffer.allocate((int) length);
			FileAuditSink.read(this.file, bytes, start);
			return new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
		}

	}

}
