package dev.credbroker.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.credbroker.crypto.HmacKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records are serialised outside the trail's lock and chained under it; the bytes are those of the
 * record built as one JSON tree, as they always were, so that trails stay verifiable across
 * versions. The hash is an HMAC under the chain key: without the key, no one can recompute it.
 */
class AuditChainTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final AuditChain chain = AuditTrailTests.chain();

	@Test
	void theExpectedHashCoversEverythingBeforeTheHashMemberThatEndsTheLine() {
		HmacKey key = AuditTrailTests.chainKey();
		String hash = "0123456789abcdef".repeat(4);
		assertThat(AuditChain.expectedHash(key, "{\"seq\":1" + AuditChain.HASH_MEMBER + hash + "\"}"))
			.isEqualTo(AuditChain.hash(key, "{\"seq\":1"));
		assertThat(AuditChain.expectedHash(key, AuditChain.HASH_MEMBER + hash + "\"}"))
			.isEqualTo(AuditChain.hash(key, ""));
	}

	@Test
	void aLineThatDoesNotEndWithItsHashMemberHasNoExpectedHash() {
		HmacKey key = AuditTrailTests.chainKey();
		String hash = "0123456789abcdef".repeat(4);
		String line = "{\"seq\":1" + AuditChain.HASH_MEMBER + hash + "\"}";
		assertThat(AuditChain.expectedHash(key, "{\"seq\":1}")).isNull();
		assertThat(AuditChain.expectedHash(key, line.replace("}", ",\"seq\":2}"))).isNull();
		assertThat(AuditChain.expectedHash(key, line.replace(hash, hash + "0"))).isNull();
		assertThat(AuditChain.expectedHash(key, line.replace(hash, hash.substring(1)))).isNull();
		assertThat(AuditChain.expectedHash(key, line + " ")).isNull();
		assertThat(AuditChain.expectedHash(key, line.substring(0, line.length() - 1) + "]")).isNull();
		assertThat(AuditChain.expectedHash(key, line.replace(AuditChain.HASH_MEMBER, ",\"hash\":'"))).isNull();
		assertThat(AuditChain.expectedHash(key, AuditChain.HASH_MEMBER.substring(1) + hash + "\"}")).isNull();
	}

	@Test
	void sameBytesAsTheRecordBuiltAsOneTree() {
		for (AuditEvent event : events()) {
			String expected = asOneTree(event, 42, "ab".repeat(32));
			assertThat(this.chain.line(this.json, event, 42, "ab".repeat(32))).isEqualTo(expected);
		}
	}

	/**
	 * The direct writer against the tree on events that vary every member: each optional one
	 * present or absent, lists empty or not, strings with quotes, backslashes, control characters,
	 * non-ASCII letters and characters outside the Basic Multilingual Plane.
	 */
	@Test
	void sameBytesAsTheTreeOnGeneratedEvents() {
		Random random = new Random(22);
		for (int i = 0; i < 2_000; i++) {
			AuditEvent event = generated(random);
			assertThat(this.chain.line(this.json, event, i, AuditChain.GENESIS))
				.isEqualTo(asOneTree(event, i, AuditChain.GENESIS));
		}
	}

	private static AuditEvent generated(Random random) {
		AuditEvent.Caller caller = random.nextInt(4) == 0 ? null
				: new AuditEvent.Caller(text(random), text(random), maybe(random), maybe(random));
		List<AuditEvent.Returned> returned = new ArrayList<>();
		for (int i = random.nextInt(4); i > 0; i--) {
			returned.add(new AuditEvent.Returned(text(random),
					AuditEvent.Disclosure.values()[random.nextInt(AuditEvent.Disclosure.values().length)],
					text(random)));
		}
		AuditEvent.Upstream upstream = random.nextInt(3) == 0 ? null
				: new AuditEvent.Upstream(random.nextInt(600), maybe(random), text(random));
		return new AuditEvent(text(random), text(random), caller, texts(random), text(random), maybe(random),
				new AuditEvent.Requested(texts(random), texts(random)),
				AuditEvent.Verdict.of(random.nextBoolean()), text(random), texts(random), returned, upstream,
				random.nextInt(600), random.nextBoolean() ? random.nextLong() : random.nextInt(100), maybe(random),
				maybe(random));
	}

	private static final String[] PIECES = { "a", "Z", "0", "-", ".", "*", " ", "\"", "\\", "/", "\n", "\t",
			"\u0000", "\u001f", "\u007f", "é", "ß", "☃", "\u2028", "😀", "\ud83d\ude00x", "<", "&" };

	private static String text(Random random) {
		StringBuilder text = new StringBuilder();
		for (int i = random.nextInt(12); i > 0; i--) {
			text.append(PIECES[random.nextInt(PIECES.length)]);
		}
		return text.toString();
	}

	private static @Nullable String maybe(Random random) {
		return random.nextBoolean() ? null : text(random);
	}

	private static List<String> texts(Random random) {
		List<String> texts = new ArrayList<>();
		for (int i = random.nextInt(4); i > 0; i--) {
			texts.add(text(random));
		}
		return texts;
	}

	@Test
	void theHashIsTheHmacOfTheLineUpToItUnderTheChainKey() throws GeneralSecurityException {
		String line = this.chain.line(this.json, AuditTrailTests.event("a"), 1, AuditChain.GENESIS);
		String content = line.substring(0, line.lastIndexOf(AuditChain.HASH_MEMBER));
		// Computed independently, with the JDK's Mac directly.
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(AuditTrailTests.CHAIN_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		String hmac = HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
		String sha256 = HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));

		assertThat(line).endsWith(AuditChain.HASH_MEMBER + hmac + "\"}");
		assertThat(hmac).isNotEqualTo(sha256);
		AuditChain otherKey = new AuditChain(new HmacKey("another-chain-key-of-at-least-32-bytes".getBytes(
				StandardCharsets.UTF_8)), this.chain.origin());
		assertThat(otherKey.line(this.json, AuditTrailTests.event("a"), 1, AuditChain.GENESIS)).isNotEqualTo(line)
			.startsWith(content);
	}

	@Test
	void everyRecordNamesItsInstanceAndBootAfterItsSeq() {
		AuditChain chain = new AuditChain(AuditTrailTests.chainKey(), new AuditChain.Origin("pod \"a\"", "boot-1"));

		JsonNode record = this.json.readTree(chain.line(this.json, AuditTrailTests.event("a"), 7, AuditChain.GENESIS));

		assertThat(record.propertyNames()).startsWith("type", "time", "id", "seq", "instance", "boot");
		assertThat(record.get("instance").asString()).isEqualTo("pod \"a\"");
		assertThat(record.get("boot").asString()).isEqualTo("boot-1");
	}

	@Test
	void theInstanceIsThePodsNameElseTheHostsAndTheBootIsNewForEachStart() {
		Map<String, String> pod = Map.of("POD_NAME", "broker-7c9f-x2x", "HOSTNAME", "node-host");
		Map<String, String> host = Map.of("HOSTNAME", "vm-1");

		AuditChain.Origin one = AuditChain.Origin.ofThisProcess(pod::get);
		AuditChain.Origin two = AuditChain.Origin.ofThisProcess(pod::get);

		assertThat(one.instance()).isEqualTo("broker-7c9f-x2x").isEqualTo(two.instance());
		assertThat(one.boot()).isNotBlank().isNotEqualTo(two.boot());
		assertThat(AuditChain.Origin.ofThisProcess(host::get).instance()).isEqualTo("vm-1");
		assertThat(AuditChain.Origin.ofThisProcess((name) -> null).instance()).isNotBlank();
	}

	@Test
	void concurrentRecordsFormOneIntactChain() throws Exception {
		List<String> lines = new ArrayList<>();
		AuditTrail trail = new AuditTrail(new AuditSink() {

			@Override
			public void write(byte[] written) {
				// One write may hold several records (group commit), each a whole line.
				assertThat(written[written.length - 1]).isEqualTo((byte) '\n');
				lines.addAll(new String(written, StandardCharsets.UTF_8).lines().toList());
			}

			@Override
			public String name() {
				return "list";
			}

			@Override
			public String problem() {
				return null;
			}

		}, this.chain, AuditTrail.ChainPosition.START, new SimpleMeterRegistry());
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
			assertThat(record.get("hash").asString())
				.isEqualTo(AuditChain.expectedHash(AuditTrailTests.chainKey(), lines.get(i)));
			previous = record.get("hash").asString();
		}
		assertThat(lines).hasSize(2000);
	}

	private static List<AuditEvent> events() {
		AuditEvent full = AuditTrailTests.event("6f1c0000-0000-4000-8000-000000000001");
		AuditEvent unauthenticated = new AuditEvent("2026-11-25T10:00:00.123456789Z", "id-2", null, List.of(),
				"unknown", null, new AuditEvent.Requested(List.of(), List.of()), AuditEvent.Verdict.DENY, "unauthenticated", List.of(),
				List.of(), null, 401, 0, null, null);
		AuditEvent awkward = new AuditEvent("2026-11-25T10:00:00Z", "id \"quoted\" \\ é ☃ \u0001",
				new AuditEvent.Caller("sub \"x\"\n", "https://issuer/ü", null, "tenant"), List.of("team-ä", "b"),
				"compute.listKeys", "/subscriptions/s/x\ty", new AuditEvent.Requested(List.of("a.*", "\"b\""),
						List.of("c,d")),
				AuditEvent.Verdict.ALLOW, "allow", List.of("g1", "g2"),
				List.of(new AuditEvent.Returned("aks.userKubeConfig", AuditEvent.Disclosure.REDACTED, "hmac-sha256:1"),
						new AuditEvent.Returned("aks.adminKubeConfig", AuditEvent.Disclosure.REVEALED, "hmac-sha256:2")),
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
		record.put("instance", this.chain.origin().instance());
		record.put("boot", this.chain.origin().boot());
		for (Map.Entry<String, JsonNode> field : fields.properties()) {
			if (!record.has(field.getKey())) {
				record.set(field.getKey(), field.getValue());
			}
		}
		record.put("prevHash", prevHash);
		String object = this.json.writeValueAsString(record);
		String prefix = object.substring(0, object.length() - 1);
		return prefix + AuditChain.HASH_MEMBER + AuditChain.hash(AuditTrailTests.chainKey(), prefix) + "\"}";
	}

}
