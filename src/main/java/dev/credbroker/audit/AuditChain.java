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
		ObjectNode fields = json.valueToTree(event);
		ObjectNode record = json.createObjectNode();
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
		String object = json.writeValueAsString(record);
		String prefix = object.substring(0, object.length() - 1);
		return prefix + HASH_MEMBER + sha256(prefix) + "\"}";
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
