package dev.credbroker.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail file of the shared integration-test context.
 */
public final class AuditLog {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Path file = create();

	private AuditLog() {
	}

	public static Path file() {
		return file;
	}

	public static String text() {
		try {
			return Files.exists(file) ? Files.readString(file) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static List<JsonNode> records() {
		return text().lines().filter((line) -> !line.isBlank()).map(json::readTree).toList();
	}

	/**
	 * A fresh trace, to send with one request and then find that request's record by: the trail is
	 * shared by every test of the shared context, so its last record may be another test's.
	 * @return the trace, which notes how many records the trail holds now
	 */
	public static Trace trace() {
		return new Trace(HexFormat.of().formatHex(randomBytes(16)), records().size());
	}

	/** @return a file of its own, for a context whose trail no test reads */
	public static String scratchFile() {
		return create().toString();
	}

	private static Path create() {
		try {
			return Files.createTempDirectory("audit").resolve("audit.jsonl");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		ThreadLocalRandom.current().nextBytes(bytes);
		return bytes;
	}

	/**
	 * A W3C trace id that one request carries in its {@code traceparent}, and the size of the trail
	 * before that request.
	 *
	 * @param id the trace id, 32 lowercase hex digits
	 * @param recordsBefore how many records the trail held when the trace was made
	 */
	public record Trace(String id, int recordsBefore) {

		/** @return the {@code traceparent} header that starts a sampled trace of this id */
		public Map<String, String> header() {
			return Map.of("traceparent", "00-" + this.id + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01");
		}

		/**
		 * The record of the one request sent with this trace, after checking that it is the only
		 * record added since the trace was made and the only one that carries its id.
		 * @return the record
		 */
		public JsonNode record() {
			List<JsonNode> records = records();
			assertThat(records).as("records added since the trace was made").hasSize(this.recordsBefore + 1);
			List<JsonNode> traced = records.stream()
				.filter((record) -> record.has("traceId") && record.get("traceId").asString().equals(this.id))
				.toList();
			assertThat(traced).as("records of trace %s", this.id).hasSize(1);
			return traced.get(0);
		}

	}

}
