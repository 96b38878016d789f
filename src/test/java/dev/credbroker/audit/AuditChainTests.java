package dev.credbroker.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records are serialised outside the trail's lock and chained under it; the bytes are those of the
 * record built as one JSON tree, as they always were, so that trails stay verifiable across
 * versions.
 */
class AuditChainTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void sameBytesAsTheRecordBuiltAsOneTree() {
		for (AuditEvent event : events()) {
			String expected = asOneTree(event, 42, "ab".repeat(32));
			assertThat(AuditChain.line(this.json, event, 42, "ab".repeat(32))).isEqualTo(expected);
			assertThat(AuditChain.treeDraft(this.json, event).line(42, "ab".repeat(32))).isEqualTo(expected);
		}
	}

	@Test
	void concurrentRecordsFormOneIntactChain() throws Exception {
		List<String> lines = new ArrayList<>();
		AuditTrail trail = new AuditTrail(new AuditSink() {

			@Override
			public void write(byte[] line) {
				assertThat(line[line.length - 1]).isEqualTo((byte) '\n');
				lines.add(new String(line, 0, line.length - 1, java.nio.charset.StandardCharsets.UTF_8));
			}

			@Override
			public String name() {
				return "list";
			}

			@Override
			public String problem() {
				return null;
			}

		}, AuditTrail.ChainPosition.START, new SimpleMeterRegistry());
		ExecutorService executor = Executors.newFixedThreadPool(8);
		List<Future<?>> done = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			AuditEvent event = AuditTrailTests.event("r" + i);
			done.add(executor.submit(() -> trail.record(event)));
		}
		for (Future<?> future : done) {
			future.get(30, TimeUnit.SECONDS);
		}
		executor.shutdown();

		String previous = AuditChain.GENESIS;
		for (int i = 0; i < lines.size(); i++) {
			JsonNode record = this.json.readTree(lines.get(i));
			assertThat(record.get("seq").asLong()).isEqualTo(i + 1);
			assertThat(record.get("prevHash").asString()).isEqualTo(previous);
			assertThat(record.get("hash").asString()).isEqualTo(AuditChain.expectedHash(lines.get(i)));
			previous = record.get("hash").asString();
		}
		assertThat(lines).hasSize(2000);
	}

	private static List<AuditEvent> events() {
		AuditEvent full = AuditTrailTests.event("6f1c0000-0000-4000-8000-000000000001");
		AuditEvent unauthenticated = new AuditEvent("2026-11-25T10:00:00.123456789Z", "id-2", null, List.of(),
				"unknown", null, new AuditEvent.Requested(List.of(), List.of()), "deny", "unauthenticated", List.of(),
				List.of(), null, 401, 0, null, null);
		AuditEvent awkward = new AuditEvent("2026-11-25T10:00:00Z", "id \"quoted\" \\ é ☃ \u0001",
				new AuditEvent.Caller("sub \"x\"\n", "https://issuer/ü", null, "tenant"), List.of("team-ä", "b"),
				"compute.listKeys", "/subscriptions/s/x\ty", new AuditEvent.Requested(List.of("a.*", "\"b\""),
						List.of("c,d")),
				"allow", "allow", List.of("g1", "g2"),
				List.of(new AuditEvent.Returned("aks.userKubeConfig", "redacted", "hmac-sha256:1"),
						new AuditEvent.Returned("aks.adminKubeConfig", "revealed", "hmac-sha256:2")),
				new AuditEvent.Upstream(0, null, "hit"), 200, Long.MAX_VALUE, "::1",
				"4bf92f3577b34da6a3ce929d0e0e4736");
		return List.of(full, unauthenticated, awkward);
	}

	/** The record as it was first built: one tree, then its hash. */
	private String asOneTree(AuditEvent event, long seq, String prevHash) {
		ObjectNode fields = this.json.valueToTree(event);
		ObjectNode record = this.json.createObjectNode();
		record.put("type", "audit");
		record.put("time", event.time());
		record.put("id", event.id());
		record.put("seq", seq);
		for (Map.Entry<String, JsonNode> field : fields.properties()) {
			if (!record.has(field.getKey())) {
				record.set(field.getKey(), field.getValue());
			}
		}
		record.put("prevHash", prevHash);
		String object = this.json.writeValueAsString(record);
		String prefix = object.substring(0, object.length() - 1);
		return prefix + AuditChain.HASH_MEMBER + AuditChain.sha256(prefix) + "\"}";
	}

}
