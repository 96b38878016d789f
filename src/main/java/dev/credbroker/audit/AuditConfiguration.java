package dev.credbroker.audit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The audit trail on the configured sink. A file sink continues the trail the file already holds.
 */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

	private static final Log logger = LogFactory.getLog(AuditConfiguration.class);

	@Bean
	AuditTrail auditTrail(AuditProperties properties, MeterRegistry meterRegistry) {
		if (properties.sink() == AuditProperties.Sink.STDOUT) {
			return new AuditTrail(new StdoutAuditSink(), AuditTrail.ChainPosition.START, meterRegistry);
		}
		Path path = properties.file().path();
		if (path == null) {
			throw new IllegalStateException("broker.audit.sink=file needs broker.audit.file.path");
		}
		return new AuditTrail(new FileAuditSink(path), lastPosition(path), meterRegistry);
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
