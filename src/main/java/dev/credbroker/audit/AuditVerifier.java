package dev.credbroker.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code audit-verify <file>}: checks a trail's hash chain without starting the broker. Exit 0
 * when intact; 1, naming the first bad record's {@code seq}, when not; 2 when the file cannot be
 * read.
 */
public final class AuditVerifier {

	public static final String COMMAND = "audit-verify";

	private static final JsonMapper json = JsonMapper.builder().build();

	private AuditVerifier() {
	}

	/**
	 * Runs the command.
	 * @param args {@code audit-verify} and the file
	 * @param out where to report
	 * @return the exit code
	 */
	public static int run(String[] args, PrintStream out) {
		if (args.length != 2) {
			out.println("usage: java -jar credential-broker.jar " + COMMAND + " <file>");
			return 2;
		}
		Path file = Path.of(args[1]);
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String failure = null;
			long records = 0;
			Long first = null;
			Long previousSeq = null;
			String previousHash = null;
			String line;
			long number = 0;
			while (failure == null && (line = reader.readLine()) != null) {
				number++;
				if (line.isBlank()) {
					continue;
				}
				Record record = parse(line);
				String where = "record seq " + ((record != null) ? record.seq() : "?") + " (line " + number + ")";
				if (record == null) {
					failure = where + " is not an audit record";
				}
				else if (!record.hash().equals(AuditChain.expectedHash(line))) {
					failure = where + " was changed: its hash does not match its content";
				}
				else if (previousHash != null && !record.prevHash().equals(previousHash)) {
					failure = where + " does not follow the record before it: removed or reordered records";
				}
				else if (previousSeq != null && record.seq() != previousSeq + 1) {
					failure = where + " does not follow seq " + previousSeq;
				}
				else {
					records++;
					first = (first != null) ? first : record.seq();
					previousSeq = record.seq();
					previousHash = record.hash();
				}
			}
			if (failure != null) {
				out.println(COMMAND + ": " + file + ": " + failure);
				return 1;
			}
			out.println(COMMAND + ": " + file + ": intact, " + records + " records"
					+ ((first != null) ? " (seq " + first + " to " + previousSeq + ")" : ""));
			return 0;
		}
		catch (NoSuchFileException ex) {
			out.println(COMMAND + ": no such file: " + file);
			return 2;
		}
		catch (IOException ex) {
			out.println(COMMAND + ": cannot read " + file + ": " + ex.getMessage());
			return 2;
		}
	}

	private static @Nullable Record parse(String line) {
		try {
			JsonNode node = json.readTree(line);
			JsonNode seq = node.get("seq");
			JsonNode prevHash = node.get("prevHash");
			JsonNode hash = node.get("hash");
			if (seq == null || !seq.canConvertToLong() || prevHash == null || hash == null) {
				return null;
			}
			return new Record(seq.asLong(), prevHash.asString(), hash.asString());
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private record Record(long seq, String prevHash, String hash) {
	}

}
