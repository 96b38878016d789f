package dev.credbroker.audit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.credbroker.crypto.HmacKey;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The audit trail on the configured sink, chained under the configured key, and its checkpoints.
 * A file sink continues the trail the file already holds.
 */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

	private static final Log logger = LogFactory.getLog(AuditConfiguration.class);

	static final String CHAIN_KEY = "broker.audit.chain-key";

	@Bean
	AuditTrail auditTrail(AuditProperties properties, MeterRegistry meterRegistry, Environment environment) {
		AuditChain chain = new AuditChain(chainKey(properties),
				AuditChain.Origin.ofThisProcess(environment::getProperty));
		if (properties.sink() == AuditProperties.Sink.STDOUT) {
			return new AuditTrail(new StdoutAuditSink(), chain, AuditTrail.ChainPosition.START, meterRegistry);
		}
		Path path = properties.file().path();
		if (path == null) {
			throw new IllegalStateException("broker.audit.sink=file needs broker.audit.file.path");
		}
		return new AuditTrail(new FileAuditSink(path), chain, lastPosition(path), meterRegistry);
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

	static AuditTrail.ChainPosition lastPosition(Path path) {
		if (!Files.isRegularFile(path)) {
			return AuditTrail.ChainPosition.START;
		}
		try {
			String last = lastLine(path);
			if (last == null) {
				return AuditTrail.ChainPosition.START;
			}
			JsonNode record = JsonMapper.builder().build().readTree(last);
			return new AuditTrail.ChainPosition(record.get("seq").asLong(), record.get("hash").asString());
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Cannot continue the audit trail in " + path + " (" + ex.getClass().getSimpleName()
					+ "); a new trail starts after its last line");
			return AuditTrail.ChainPosition.START;
		}
	}

	private static @Nullable String lastLine(Path path) throws IOException {
		try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "r")) {
			long length = file.length();
			int size = (int) Math.min(length, 1 << 20);
			byte[] tail = new byte[size];
			file.seek(length - size);
			file.readFully(tail);
			String text = new String(tail, StandardCharsets.UTF_8).stripTrailing();
			if (text.isEmpty()) {
				return null;
			}
			return text.substring(text.lastIndexOf('\n') + 1);
		}
	}

}
