package dev.credbroker.audit;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.credbroker.CredentialBrokerApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The chain key on Kubernetes must be given, from a mounted Secret file, or the broker does not
 * start: a key made at start would leave with the pod, and no one could ever verify its records.
 * Elsewhere (the local run) a missing key is made at start, with a warning.
 */
@ExtendWith(OutputCaptureExtension.class)
class ChainKeyStartupTests {

	private static final String FINGERPRINT_KEY = "test-fingerprint-key-from-a-mounted-file";

	@TempDir
	Path directory;

	private String loggingSystem;

	/**
	 * Leaves the logging system as the other tests configured it: the k8s profile would switch the
	 * console to JSON for the rest of the run.
	 */
	@BeforeEach
	void keepTheLoggingSystem() {
		this.loggingSystem = System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
	}

	@AfterEach
	void restoreTheLoggingSystem() {
		if (this.loggingSystem == null) {
			System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
		}
		else {
			System.setProperty(LoggingSystem.SYSTEM_PROPERTY, this.loggingSystem);
		}
	}

	@Test
	void theK8sProfileRefusesToStartWithoutAChainKey() {
		assertThatException().isThrownBy(() -> start(true).close())
			.havingRootCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessageContaining("broker.audit.chain-key is not set")
			.withMessageContaining("k8s profile");
	}

	@Test
	void theK8sProfileStartsWithBothKeysFromMountedFiles() throws Exception {
		// As the chart mounts its Secret: one file per key, named as the property.
		Path keys = Files.createDirectory(this.directory.resolve("keys"));
		Files.writeString(keys.resolve("broker.audit.chain-key"), AuditTrailTests.CHAIN_KEY + "\n");
		Files.writeString(keys.resolve("broker.redaction.fingerprint-key"), FINGERPRINT_KEY);
		Path file = this.directory.resolve("audit.jsonl");

		try (ConfigurableApplicationContext context = start(true,
				"spring.config.import=configtree:" + keys.toAbsolutePath() + "/")) {
			context.getBean(AuditTrail.class).record(AuditTrailTests.event("a"));
			assertThat(context.getEnvironment().getProperty("broker.redaction.fingerprint-key"))
				.isEqualTo(FINGERPRINT_KEY);
		}

		assertThat(AuditVerifierTests.verify("--key-file", keys.resolve("broker.audit.chain-key").toString(),
				file.toString()))
			.as("the trail verifies under the mounted key")
			.isZero();
		assertThat(AuditVerifierTests.verify("--key-file", AuditVerifierTests.keyFile(this.directory).toString(),
				file.toString()))
			.isZero();
	}

	/**
	 * A file sink's file whose records none checks under the key: the broker does not start a new
	 * trail after them, where a new trail would hide how the one before it ended.
	 */
	@Test
	void aFileSinkWhoseFileHoldsNoRecordUnderTheKeyStopsTheStart() throws Exception {
		Path keys = Files.createDirectory(this.directory.resolve("keys"));
		Files.writeString(keys.resolve("broker.audit.chain-key"), AuditTrailTests.CHAIN_KEY + "-rotated");
		Files.writeString(keys.resolve("broker.redaction.fingerprint-key"), FINGERPRINT_KEY);
		Files.write(this.directory.resolve("audit.jsonl"), AuditVerifierTests.lines(AuditTrailTests.chain(), 2));

		assertThatException()
			.isThrownBy(() -> start(true, "spring.config.import=configtree:" + keys.toAbsolutePath() + "/").close())
			.havingRootCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessageContaining("holds 2 lines but no whole audit record whose hash checks under "
					+ "broker.audit.chain-key")
			.withMessageContaining("move the file aside");
	}

	@Test
	void withoutTheK8sProfileAMissingKeyIsMadeAtStartWithAWarning(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(false)) {
			context.getBean(AuditTrail.class).record(AuditTrailTests.event("a"));
		}

		// Under a key no one kept: only the linkage can be checked, and it holds.
		assertThat(AuditVerifierTests.verify(this.directory.resolve("audit.jsonl").toString())).isZero();

		assertThat(output).contains("WARN")
			.contains("broker.audit.chain-key is not set: using a random key, so no one can verify this process's "
					+ "audit records once it has stopped");
	}

	private ConfigurableApplicationContext start(boolean k8s, String... properties) {
		SpringApplicationBuilder application = new SpringApplicationBuilder(CredentialBrokerApplication.class)
			.properties("broker.security.issuers=https://issuer.example", "broker.security.audiences=api://broker",
					"broker.policy.location=classpath:dev/credbroker/policy/resilience-policies.yaml",
					"broker.audit.sink=file", "broker.audit.file.path=" + this.directory.resolve("audit.jsonl"))
			.properties(properties);
		if (k8s) {
			application.profiles("k8s");
		}
		// As arguments: application.yaml's ports (8080, 8081) win over default properties, and
		// another process on this machine may hold them.
		return application.run("--server.port=0", "--management.server.port=0");
	}

}
