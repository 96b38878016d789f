package dev.credbroker.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.credbroker.IntegrationTest;
import dev.credbroker.support.AuditLog;
import dev.credbroker.support.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalManagementPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker's own trail: keyed with the configured chain key, naming the process, its head's seq
 * exported as a metric.
 */
class AuditTrailIntegrationTests extends IntegrationTest {

	@LocalManagementPort
	private int managementPort;

	@TempDir
	Path directory;

	@Test
	void theTrailIsProvenUnderTheConfiguredKeyAndNamesTheProcess() throws IOException {
		AuditLog.Trace trace = AuditLog.trace();
		http.get("/api/v1/me", token(), trace.header());
		Path key = Files.writeString(this.directory.resolve("chain-key"), CHAIN_KEY);
		Path otherKey = Files.writeString(this.directory.resolve("other-key"), CHAIN_KEY + "-but-not-quite");

		JsonNode record = trace.record();

		assertThat(record.get("instance").asString()).isNotBlank();
		assertThat(record.get("boot").asString()).matches("[0-9a-f-]{36}");
		assertThat(AuditVerifierTests.verify("--key-file", key.toString(), AuditLog.file().toString())).isZero();
		assertThat(AuditVerifierTests.verify("--key-file", otherKey.toString(), AuditLog.file().toString()))
			.isEqualTo(1);
	}

	@Test
	void prometheusHasTheSeqOfTheLastRecord() {
		http.get("/api/v1/me", token());
		http.get("/api/v1/me");

		String metrics = new Http(this.managementPort).get("/actuator/prometheus").body();

		Matcher gauge = Pattern.compile("(?m)^broker_audit_sequence (\\S+)$").matcher(metrics);
		assertThat(gauge.find()).as("broker_audit_sequence in %s", metrics).isTrue();
		List<JsonNode> records = AuditLog.records();
		assertThat(Double.parseDouble(gauge.group(1))).isEqualTo(records.get(records.size() - 1).get("seq").asLong());
	}

}
