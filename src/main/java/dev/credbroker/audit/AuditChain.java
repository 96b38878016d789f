package dev.credbroker.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
		String written = json.writeValueAsString(event);
		String start = "{\"time\":" + json.writeValueAsString(event.time()) + ",\"id\":"
				+ json.writeValueAsString(event.id());
		if (written.startsWith(start) && written.endsWith("}")) {
			String rest = written.substring(start.length(), written.length() - 1);
			if (rest.isEmpty() || rest.charAt(0) == ',') {
				return new Draft("{\"type\":\"audit\"," + start.substring(1) + ",\"seq\":", rest);
			}
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
	 * @param head the record up to its {@code seq}'s value
	 * @param body the members after {@code seq}, each after a comma, up to {@code prevHash}
	 */
	record Draft(String head, String body) {

		/**
		 * The record's line, chained.
		 * @param seq its sequence number
		 * @param prevHash the previous record's hash
		 * @return the line, without a line break
		 */
		String line(long seq, String prevHash) {
			String prefix = this.head + seq + this.body + ",\"prevHash\":\"" + prevHash + '"';
			return prefix + HASH_MEMBER + sha256(prefix) + "\"}";
		}

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
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
