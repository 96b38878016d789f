package dev.credbroker.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hash chain that makes the trail tamper-evident. A record is one JSON object on one line whose
 * last two members are {@code prevHash}, the previous record's {@code hash}, and {@code hash}:
 * the lowercase hex SHA-256 of the line's UTF-8 bytes up to, not including, the
 * {@code ,"hash":"} that introduces it. Changing, removing or reordering records breaks it.
 */
final class AuditChain {

	/** The {@code prevHash} of a trail's first record. */
	static final String GENESIS = "0".repeat(64);

	static final String HASH_MEMBER = ",\"hash\":\"";

	private static final byte[] HASH_MEMBER_BYTES = HASH_MEMBER.getBytes(StandardCharsets.US_ASCII);

	private static final byte[] PREV_HASH_MEMBER = ",\"prevHash\":\"".getBytes(StandardCharsets.US_ASCII);

	private static final MessageDigest SHA_256 = newSha256();

	private AuditChain() {
	}

	static String line(JsonMapper json, AuditEvent event, long seq, String prevHash) {
		return draft(json, event).line(seq, prevHash);
	}

	/**
	 * Serialises a record's content, all but its place in the chain, so that this, the costly part,
	 * can be done before the trail's lock is taken.
	 * @param json the mapper
	 * @param event what happened
	 * @return the record, waiting for its {@code seq} and {@code prevHash}
	 */
	static Draft draft(JsonMapper json, AuditEvent event) {
		// The event written directly starts with its first two members, time and id, which the record
		// moves to its head; what follows them is the record's body, as it is.
		byte[] written = json.writeValueAsBytes(event);
		String start = "{\"time\":" + json.writeValueAsString(event.time()) + ",\"id\":"
				+ json.writeValueAsString(event.id());
		byte[] startBytes = start.getBytes(StandardCharsets.UTF_8);
		int end = written.length - 1;
		if (end >= startBytes.length && Arrays.equals(written, 0, startBytes.length, startBytes, 0, startBytes.length)
				&& written[end] == '}' && (end == startBytes.length || written[startBytes.length] == ',')) {
			return new Draft(("{\"type\":\"audit\"," + start.substring(1) + ",\"seq\":").getBytes(StandardCharsets.UTF_8),
					Arrays.copyOfRange(written, startBytes.length, end));
		}
		return treeDraft(json, event);
	}

	/** The general way, through a tree, for an event the direct way cannot split: the same bytes. */
	static Draft treeDraft(JsonMapper json, AuditEvent event) {
		ObjectNode head = json.createObjectNode();
		head.put("type", "audit");
		head.put("time", event.time());
		head.put("id", event.id());
		ObjectNode record = head.deepCopy();
		ObjectNode fields = json.valueToTree(event);
		for (Map.Entry<String, JsonNode> field : fields.properties()) {
			if (!record.has(field.getKey())) {
				record.set(field.getKey(), field.getValue());
			}
		}
		String open = json.writeValueAsString(head);
		open = open.substring(0, open.length() - 1);
		String object = json.writeValueAsString(record);
		return new Draft(open + ",\"seq\":", object.substring(open.length(), object.length() - 1));
	}

	/**
	 * A record's content, serialised, waiting for its place in the chain.
	 *
	 * @param head the record up to its {@code seq}'s value, UTF-8
	 * @param body the members after {@code seq}, each after a comma, up to {@code prevHash}, UTF-8
	 */
	record Draft(byte[] head, byte[] body) {

		Draft(String head, String body) {
			this(head.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8));
		}

		/**
		 * The record's line, chained: built in one array, hashed in place, so that the work under
		 * the trail's lock is one copy and one digest.
		 * @param seq its sequence number
		 * @param prevHash the previous record's hash, 64 hex characters
		 * @return the line and its hash
		 */
		Chained chain(long seq, String prevHash) {
			byte[] number = Long.toString(seq).getBytes(StandardCharsets.US_ASCII);
			byte[] previous = prevHash.getBytes(StandardCharsets.US_ASCII);
			int hashed = this.head.length + number.length + this.body.length + PREV_HASH_MEMBER.length
					+ previous.length + 1;
			byte[] line = new byte[hashed + HASH_MEMBER_BYTES.length + 64 + 3];
			int at = put(line, 0, this.head);
			at = put(line, at, number);
			at = put(line, at, this.body);
			at = put(line, at, PREV_HASH_MEMBER);
			at = put(line, at, previous);
			line[at++] = '"';
			MessageDigest digest = sha256();
			digest.update(line, 0, hashed);
			String hash = HexFormat.of().formatHex(digest.digest());
			at = put(line, at, HASH_MEMBER_BYTES);
			at = put(line, at, hash.getBytes(StandardCharsets.US_ASCII));
			line[at++] = '"';
			line[at++] = '}';
			line[at] = '\n';
			return new Chained(line, hash);
		}

		/**
		 * The record's line, chained, as text.
		 * @param seq its sequence number
		 * @param prevHash the previous record's hash
		 * @return the line, without a line break
		 */
		String line(long seq, String prevHash) {
			byte[] line = chain(seq, prevHash).line();
			return new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
		}

		private static int put(byte[] line, int at, byte[] bytes) {
			System.arraycopy(bytes, 0, line, at, bytes.length);
			return at + bytes.length;
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
	 * The hash a line should carry, from its content.
	 * @param line the record's line
	 * @return the hash, or {@code null} if the line has no hash member
	 */
	static @Nullable String expectedHash(String line) {
		int at = line.lastIndexOf(HASH_MEMBER);
		return (at < 0) ? null : sha256(line.substring(0, at));
	}

	static String sha256(String text) {
		return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
	}

	/** A digest of its own, cloned from a prepared one rather than looked up among the providers. */
	private static MessageDigest sha256() {
		try {
			return (MessageDigest) SHA_256.clone();
		}
		catch (CloneNotSupportedException ex) {
			return newSha256();
		}
	}

	private static MessageDigest newSha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
