package dev.credbroker.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chain head goes to the application log, one INFO line, every interval and at shutdown, and
 * is what {@code audit-verify --head} takes; the audit stream never carries it.
 */
@ExtendWith(OutputCaptureExtension.class)
class AuditCheckpointTests {

	private static final Pattern HEAD = Pattern
		.compile("INFO .*Audit chain head: seq=(\\d+) hash=([0-9a-f]{64}) instance=(\\S+) boot=(\\S+)");

	@TempDir
	Path directory;

	@Test
	void writesTheHeadEveryIntervalToTheApplicationLog(CapturedOutput output) {
		Path file = this.directory.resolve("audit.jsonl");
		runner(file, "20ms").run((context) -> {
			AuditTrail trail = context.getBean(AuditTrail.class);
			trail.record(AuditTrailTests.event("a"));
			trail.record(AuditTrailTests.event("b"));

			await().atMost(Duration.ofSeconds(30)).until(() -> heads(output).stream().filter((head) -> head.seq() == 2).count() >= 2);

			JsonNode last = last(file);
			assertThat(heads(output)).last()
				.isEqualTo(new Head(2, last.get("hash").asString(), "pod-c", last.get("boot").asString()));
			assertThat(Files.readAllLines(file)).hasSize(2).noneMatch((line) -> line.contains("Audit chain head"));
		});
	}

	@Test
	void writesTheHeadAtShutdownAfterTheLastRecord(CapturedOutput output) {
		Path file = this.directory.resolve("audit.jsonl");
		runner(file, "1h").run((context) -> {
			AuditTrail trail = context.getBean(AuditTrail.class);
			for (int i = 0; i < 3; i++) {
				trail.record(AuditTrailTests.event("r" + i));
			}
			assertThat(heads(output)).isEmpty();
		});

		assertThat(heads(output)).singleElement().satisfies((head) -> {
			assertThat(head.seq()).isEqualTo(3);
			assertThat(head.hash()).isEqualTo(last(file).get("hash").asString());
			assertThat(AuditVerifierTests.verify("--key-file", AuditVerifierTests.keyFile(this.directory).toString(),
					"--head", head.seq() + ":" + head.hash(), file.toString()))
				.as("the head as audit-verify takes it")
				.isZero();
		});
	}

	@Test
	void aCheckpointOfANewTrailIsItsStart(CapturedOutput output) {
		AuditTrail trail = new AuditTrail(new FileAuditSink(this.directory.resolve("audit.jsonl")),
				AuditTrailTests.chain(), AuditTrail.ChainPosition.START, new SimpleMeterRegistry());

		new AuditCheckpoint(trail, Duration.ofMinutes(1)).checkpoint();

		assertThat(heads(output)).containsExactly(new Head(0, AuditChain.GENESIS, "pod-a", "boot-1"));
	}

	private ApplicationContextRunner runner(Path file, String interval) {
		return new ApplicationContextRunner().withUserConfiguration(AuditConfiguration.class, Meters.class)
			.withPropertyValues("broker.audit.sink=file", "broker.audit.file.path=" + file,
					"broker.audit.chain-key=" + AuditTrailTests.CHAIN_KEY, "broker.audit.checkpoint-interval=" + interval,
					"POD_NAME=pod-c");
	}

	private static List<Head> heads(CapturedOutput output) {
		return output.getOut().lines().map(HEAD::matcher).filter(Matcher::find).map((head) -> new Head(
				Long.parseLong(head.group(1)), head.group(2), head.group(3), head.group(4))).toList();
	}

	private static JsonNode last(Path file) throws IOException {
		List<String> lines = Files.readAllLines(file);
		return JsonMapper.builder().build().readTree(lines.get(lines.size() - 1));
	}

	record Head(long seq, String hash, String instance, String boot) {
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(AuditProperties.class)
	static class Meters {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
