package dev.credbroker.audit;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import dev.credbroker.crypto.HmacKey;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The keyed hash chain that makes the trail tamper-evident. A record is one JSON object on one
 * line; after its {@code seq} come {@code instance} and {@code boot}, the process that wrote it,
 * and its last two members are {@code prevHash}, the previous record's {@code hash}, and
 * {@code hash}: the lowercase hex HMAC-SHA256, under the chain key, of the line's UTF-8 bytes up
 * to, not including, the {@code ,"hash":"} that introduces it. Changing, removing or reordering
 * records breaks it, and without the key no one can make a record, or a chain, that passes.
 */
final class AuditChain {

	/** The {@code prevHash} of a trail's first record. */
	static final String GENESIS = "0".repeat(64);

	static final String HASH_MEMBER = ",\"hash\":\"";

	private static final byte[] HASH_MEMBER_BYTES = HASH_MEMBER.getBytes(StandardCharsets.US_ASCII);

	/** From the hash member to the line's end: the member's name, 64 hex digits, {@code "}}. */
	private static final int HASH_MEMBER_TO_END = HASH_MEMBER.length() + 64 + 2;

	private static final byte[] SEQ_MEMBER = ",\"seq\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] PREV_HASH_MEMBER = ",\"prevHash\":\"".getBytes(StandardCharsets.US_ASCII);

	private static final JsonMapper originJson = JsonMapper.builder().build();

	/**
	 * Reads a record's line, as the verifier and a restarted file sink do: a member named twice makes
	 * it no record, since of two a reader keeps the last, which the broker never writes.
	 */
	static final JsonMapper RECORD_READER = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private final HmacKey key;

	private final Origin origin;

	/** {@code ,"instance":…,"boot":…}, the same in every record of the chain. */
	private final byte[] originMembers;

	AuditChain(HmacKey key, Origin origin) {
		this.key = key;
		this.origin = origin;
		this.originMembers = (",\"instance\":" + originJson.writeValueAsString(origin.instance()) + ",\"boot\":"
				+ originJson.writeValueAsString(origin.boot()))
			.getBytes(StandardCharsets.UTF_8);
	}

	Origin origin() {
		return this.origin;
	}

	/**
	 * The process whose records a chain holds: one chain per process start.
	 *
	 * @param instance the pod's name, else the host's
	 * @param boot a random id of the process start
	 */
	record Origin(String instance, String boot) {

		/**
		 * This process: its instance from {@code POD_NAME} (the chart sets it from the pod's name),
		 * else {@code HOSTNAME}, else the host's name; a new boot id.
		 * @param environment looks up environment variables
		 * @return the origin
		 */
		static Origin ofThisProcess(Function<String, @Nullable String> environment) {
			String instance = environment.apply("POD_NAME");
			if (instance == null || instance.isBlank()) {
				instance = environment.apply("HOSTNAME");
			}
			if (instance == null || instance.isBlank()) {
				instance = hostName();
			}
			return new Origin(instance, UUID.randomUUID().toString());
		}

		private static String hostName() {
			try {
				return InetAddress.getLocalHost().getHostName();
			}
			catch (Exception ex) {
				return "unknown";
			}
		}

	}

	/**
	 * A record's line, chained, as text.
	 * @param json the mapper
	 * @param event what happened
	 * @param seq its sequence number
	 * @param prevHash the previous record's hash
	 * @return the line, without a line break
	 */
	String line(JsonMapper json, AuditEvent event, long seq, String prevHash) {
		return line(draft(json, event), seq, prevHash);
	}

	/**
	 * A draft's line, chained, as text.
	 * @param draft the record's content
	 * @param seq its sequence number
	 * @param prevHash the previous record's hash
	 * @return the line, without a line break
	 */
	String line(Draft draft, long seq, String prevHash) {
		byte[] line = link(draft, seq, prevHash).line();
		return new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
	}

	/**
	 * A record's line, chained: built in one array, hashed in place, so that the work under the
	 * trail's lock is one copy and one MAC.
	 * @param draft the record's content
	 * @param seq its sequence number
	 * @param prevHash the previous record's hash, 64 hex characters
	 * @return the line and its hash
	 */
	Chained link(Draft draft, long seq, String prevHash) {
		byte[] number = Long.toString(seq).getBytes(StandardCharsets.US_ASCII);
		byte[] previous = prevHash.getBytes(StandardCharsets.US_ASCII);
		int hashed = draft.head().length + number.length + this.originMembers.length + draft.body().length
				+ PREV_HASH_MEMBER.length + previous.length + 1;
		byte[] line = new byte[hashed + HASH_MEMBER_BYTES.length + 64 + 3];
		int at = put(line, 0, draft.head());
		at = put(line, at, number);
		at = put(line, at, this.originMembers);
		at = put(line, at, draft.body());
		at = put(line, at, PREV_HASH_MEMBER);
		at = put(line, at, previous);
		line[at++] = '"';
		String hash = HexFormat.of().formatHex(this.key.mac(line, 0, hashed));
		at = put(line, at, HASH_MEMBER_BYTES);
		at = put(line, at, hash.getBytes(StandardCharsets.US_ASCII));
		line[at++] = '"';
		line[at++] = '}';
		line[at] = '\n';
		return new Chained(line, hash);
	}

	private static int put(byte[] line, int at, byte[] bytes) {
		System.arraycopy(bytes, 0, line, at, bytes.length);
		return at + bytes.length;
	}

	/**
	 * Serialises a record's content, all but its place in the chain, so that this, the costly part,
	 * can be done before the trail's lock is taken. The event is written member by member, in its
	 * components' order, as Jackson's record serialiser writes it ({@code null} members left out
	 * where {@link AuditEvent} says so): the bytes of the record built as one tree of the event as
	 * Jackson serialises it, which {@code AuditChainTests} checks on generated events. Through the
	 * mapper, the record's accessors were called reflectively, from call sites that the broker's
	 * many serialised types make megamorphic; AuditBenchmark, which serialises one type only, never
	 * sees that. (A JFR profile gave the serialisation 9% of a cache hit's samples; timed in place it
	 * is nearer 2%: see "Profiling" in bench/README.md.)
	 * @param json the mapper whose generator writes the JSON
	 * @param event what happened
	 * @return the record, waiting for its {@code seq} and {@code prevHash}
	 */
	static Draft draft(JsonMapper json, AuditEvent event) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
		int headEnd;
		try (JsonGenerator generator = json.createGenerator(out)) {
			generator.writeStartObject();
			generator.writeStringProperty("type", "audit");
			generator.writeStringProperty("time", event.time());
			generator.writeStringProperty("id", event.id());
			generator.flush();
			headEnd = out.size();
			writeBody(generator, event);
			generator.writeEndObject();
		}
		byte[] written = out.toByteArray();
		byte[] head = Arrays.copyOf(written, headEnd + SEQ_MEMBER.length);
		System.arraycopy(SEQ_MEMBER, 0, head, headEnd, SEQ_MEMBER.length);
		return new Draft(head, Arrays.copyOfRange(written, headEnd, written.length - 1));
	}

	/** The event's members after its time and id. */
	private static void writeBody(JsonGenerator generator, AuditEvent event) {
		AuditEvent.Caller caller = event.caller();
		if (caller != null) {
			generator.writeObjectPropertyStart("caller");
			generator.writeStringProperty("subject", caller.subject());
			generator.writeStringProperty("issuer", caller.issuer());
			writeUnlessNull(generator, "clientId", caller.clientId());
			writeUnlessNull(generator, "tenantId", caller.tenantId());
			generator.writeEndObject();
		}
		writeStrings(generator, "teams", event.teams());
		generator.writeStringProperty("action", event.action());
		writeUnlessNull(generator, "resourceId", event.resourceId());
		generator.writeObjectPropertyStart("requested");
		writeStrings(generator, "fields", event.requested().fields());
		writeStrings(generator, "reveal", event.requested().reveal());
		generator.writeEndObject();
		generator.writeStringProperty("decision", event.decision().value());
		generator.writeStringProperty("reason", event.reason());
		writeStrings(generator, "grants", event.grants());
		generator.writeArrayPropertyStart("returned");
		for (AuditEvent.Returned returned : event.returned()) {
			generator.writeStartObject();
			generator.writeStringProperty("field", returned.field());
			generator.writeStringProperty("disclosure", returned.disclosure().value());
			generator.writeStringProperty("fingerprint", returned.fingerprint());
			generator.writeEndObject();
		}
		generator.writeEndArray();
		AuditEvent.Upstream upstream = event.upstream();
		if (upstream != null) {
			generator.writeObjectPropertyStart("upstream");
			generator.writeNumberProperty("status", upstream.status());
			writeUnlessNull(generator, "requestId", upstream.requestId());
			generator.writeStringProperty("cache", upstream.cache());
			generator.writeEndObject();
		}
		generator.writeNumberProperty("status", event.status());
		generator.writeNumberProperty("durationMs", event.durationMs());
		writeUnlessNull(generator, "clientAddress", event.clientAddress());
		writeUnlessNull(generator, "traceId", event.traceId());
	}

	private static void writeUnlessNull(JsonGenerator generator, String name, @Nullable String value) {
		if (value != null) {
			generator.writeStringProperty(name, value);
		}
	}

	private static void writeStrings(JsonGenerator generator, String name, List<String> values) {
		generator.writeArrayPropertyStart(name);
		for (String value : values) {
			generator.writeString(value);
		}
		generator.writeEndArray();
	}

	/**
	 * A record's content, serialised, waiting for its place in a chain.
	 *
	 * @param head the record up to its {@code seq}'s value, UTF-8
	 * @param body the event's members after its time and id, each after a comma: what comes after
	 * the chain's own members, up to {@code prevHash}, UTF-8
	 */
	record Draft(byte[] head, byte[] body) {

		Draft(String head, String body) {
			this(head.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8));
		}

	}

	/**
	 * A record placed in the chain.
	 *
	 * @param line its line, UTF-8, ending with a line break
	 * @param hash its hash
	 */
	record Chained(byte[] line, String hash) {
	}

	/**
	 * The hash a line should carry, from its content: the MAC of all that comes before its hash
	 * member, which ends the line.
	 * @param key the chain key
	 * @param line the record's line
	 * @return the hash, or {@code null} if the line does not end with a hash member
	 */
	static @Nullable String expectedHash(HmacKey key, String line) {
		int at = hashMemberAt(line);
		return (at < 0) ? null : hash(key, line.substring(0, at));
	}

	/**
	 * Where a line's hash member starts, when the line ends with it as the chain writes it:
	 * {@code ,"hash":"}, the 64 characters of the hash, {@code "}}. Whatever came after the hash
	 * would be covered by no MAC, and a JSON reader keeps the last of two members of one name: so
	 * members added after it could override the record's own unnoticed.
	 * @param line the record's line
	 * @return the index, or {@code -1} if the line does not end with a hash member
	 */
	static int hashMemberAt(String line) {
		int at = line.length() - HASH_MEMBER_TO_END;
		return (at >= 0 && line.startsWith(HASH_MEMBER, at) && line.endsWith("\"}")) ? at : -1;
	}

	static String hash(HmacKey key, String text) {
		return HexFormat.of().formatHex(key.mac(text.getBytes(StandardCharsets.UTF_8)));
	}

}
