package dev.credbroker.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

	public static JsonNode last() {
		List<JsonNode> records = records();
		return records.get(records.size() - 1);
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

}
