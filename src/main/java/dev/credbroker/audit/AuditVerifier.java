package dev.credbroker.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.credbroker.crypto.HmacKey;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code audit-verify [--key-file F] [--head SEQ:HASH]… [--partial] [--stdout-sink] FILE…}: checks
 * trails without starting the broker. The files are read as one stream, in the order given, as a
 * log store exports the records of every pod: each process's chain, its {@code (instance, boot)},
 * is verified on its own, and a chain that continues another (a broker restarted on its file) is
 * checked to follow it. With the chain key every record's hash is proven; without it, only
 * sequence and linkage, which whoever can write the trail could forge. Each {@code --head}, a
 * chain head logged by the broker, must be in the trail: a trail that ends before it was cut
 * short. A chain must start its trail or follow a record given: one whose first records are
 * missing was cut at the front, unless {@code --partial} says that only part of the trail is
 * given. A broker restarted on its file continues its chain, so a new trail that an instance
 * starts in a file after the end of its earlier chain there hides how that chain ended, unless
 * {@code --stdout-sink} says the records were written to standard output, where each start of the
 * broker begins a trail. Exit 0 when intact; 1, naming the first bad record's {@code seq}, when
 * not; 2 for bad usage or a file that cannot be read.
 */
public final class AuditVerifier {

	public static final String COMMAND = "audit-verify";

	private static final String USAGE = "usage: java -jar credential-broker.jar " + COMMAND
			+ " [--key-file FILE] [--head SEQ:HASH]... [--partial] [--stdout-sink] FILE...";

	private AuditVerifier() {
	}

	/**
	 * Runs the command.
	 * @param args {@code audit-verify}, the options and the files
	 * @param out where to report
	 * @return the exit code
	 */
	public static int run(String[] args, PrintStream out) {
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (UsageException ex) {
			out.println(COMMAND + ": " + ex.getMessage());
			out.println(USAGE);
			return 2;
		}
		HmacKey key = null;
		if (options.keyFile() != null) {
			try {
				key = readKey(options.keyFile());
			}
			catch (UsageException ex) {
				out.println(COMMAND + ": " + ex.getMessage());
				return 2;
			}
		}
		Trail trail = new Trail(key, options.partial(), options.stdoutSink());
		for (Path file : options.files()) {
			try {
				trail.read(file);
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
		return trail.verify(options.heads(), out);
	}

	/**
	 * The key as a file holds it: its UTF-8 text, one trailing line break removed from a one-line
	 * file, the way the broker reads the same file mounted through a config tree.
	 */
	private static HmacKey readKey(Path file) throws UsageException {
		String text;
		try {
			text = Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UsageException("cannot read the key file " + file + ": " + ex.getClass().getSimpleName());
		}
		if (text.endsWith("\n") && text.indexOf('\n') == text.length() - 1) {
			text = text.substring(0, text.length() - (text.endsWith("\r\n") ? 2 : 1));
		}
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		if (bytes.length < HmacKey.MIN_BYTES) {
			throw new UsageException("the key in " + file + " has fewer than " + HmacKey.MIN_BYTES
					+ " bytes: not the broker's chain key");
		}
		return new HmacKey(bytes);
	}

	private record Options(@Nullable Path keyFile, List<Head> heads, boolean partial, boolean stdoutSink,
			List<Path> files) {

		static Options parse(String[] args) throws UsageException {
			Path keyFile = null;
			List<Head> heads = new ArrayList<>();
			List<Path> files = new ArrayList<>();
			boolean partial = false;
			boolean stdoutSink = false;
			boolean options = true;
			for (int i = 1; i < args.length; i++) {
				String arg = args[i];
				if (options && arg.equals("--")) {
					options = false;
				}
				else if (options && arg.equals("--partial")) {
					partial = true;
				}
				else if (options && arg.equals("--stdout-sink")) {
					stdoutSink = true;
				}
				else if (options && (arg.equals("--key-file") || arg.equals("--head"))) {
					if (i + 1 == args.length) {
						throw new UsageException(arg + " needs a value");
					}
					String value = args[++i];
					if (arg.equals("--head")) {
						heads.add(Head.parse(value));
					}
					else if (keyFile != null) {
						throw new UsageException("one --key-file only");
					}
					else {
						keyFile = Path.of(value);
					}
				}
				else if (options && arg.startsWith("-")) {
					throw new UsageException("unknown option " + arg);
				}
				else {
					files.add(Path.of(arg));
				}
			}
			if (files.isEmpty()) {
				throw new UsageException("no file given");
			}
			return new Options(keyFile, heads, partial, stdoutSink, files);
		}

	}

	/**
	 * A chain head known from elsewhere, the broker's log.
	 *
	 * @param seq its record's seq
	 * @param hash its record's hash
	 */
	private record Head(long seq, String hash) {

		static Head parse(String value) throws UsageException {
			int colon = value.indexOf(':');
			String hash = value.substring(colon + 1);
			long seq;
			try {
				seq = (colon > 0) ? Long.parseLong(value.substring(0, colon)) : 0;
			}
			catch (NumberFormatException ex) {
				seq = 0;
			}
			if (seq < 1 || hash.length() != 64 || !isLowerHex(hash)) {
				throw new UsageException("--head takes SEQ:HASH, a record's seq and its 64 hex digit hash, not "
						+ value);
			}
			return new Head(seq, hash);
		}

		private static boolean isLowerHex(String text) {
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
					return false;
				}
			}
			return true;
		}

	}

	/**
	 * A record as read.
	 *
	 * @param seq its seq
	 * @param prevHash its prevHash
	 * @param hash its hash
	 * @param origin the process that wrote it
	 * @param expected the hash its content has under the key; {@code null} without a key
	 * @param file the file it is in
	 * @param line its line there
	 */
	private record Record(long seq, String prevHash, String hash, Origin origin, @Nullable String expected,
			Path file, long line) {

		/** Its file and line, for messages. */
		String where() {
			return where(this.file, this.line);
		}

		static String where(Path file, long line) {
			return file + " line " + line;
		}

	}

	/**
	 * The process whose chain a record is in; empty for records written before records named it.
	 *
	 * @param instance its instance
	 * @param boot its boot id
	 */
	private record Origin(String instance, String boot) {

		@Override
		public String toString() {
			return this.instance.isEmpty() ? "records without instance" : "instance " + this.instance + " boot "
					+ this.boot;
		}

	}

	/** The records of every file, in order, by chain; and what is not a record. */
	private static final class Trail {

		private final @Nullable HmacKey key;

		private final Map<Origin, List<Record>> chains = new LinkedHashMap<>();

		private final Map<String, Record> byHash = new HashMap<>();

		private final List<String> garbage = new ArrayList<>();

		/**
		 * The last records of chains that a later chain continues (a broker restarted on its file):
		 * one process continues a trail, so two chains after one record are a fork.
		 */
		private final Set<Record> continued = new HashSet<>();

		/** Whether chains may start mid-trail: only part of the trail was exported. */
		private final boolean partial;

		/** Whether each start of the broker began a trail: the records were written to standard output. */
		private final boolean stdoutSink;

		Trail(@Nullable HmacKey key, boolean partial, boolean stdoutSink) {
			this.partial = partial;
			this.stdoutSink = stdoutSink;
			this.key = key;
		}

		void read(Path file) throws IOException {
			try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
				String line;
				long number = 0;
				while ((line = reader.readLine()) != null) {
					number++;
					if (line.isBlank()) {
						continue;
					}
					String where = Record.where(file, number);
					Record record = parse(line, file, number);
					if (record == null) {
						this.garbage.add(where + " is not an audit record");
						continue;
					}
					if (AuditChain.hashMemberAt(line) < 0) {
						// Checked with or without the key: members added after the hash override the record's own.
						this.garbage.add(where + " was changed: it goes on after its hash, where no MAC covers it");
						continue;
					}
					this.chains.computeIfAbsent(record.origin(), (origin) -> new ArrayList<>()).add(record);
					this.byHash.putIfAbsent(record.hash(), record);
				}
			}
		}

		private @Nullable Record parse(String line, Path file, long number) {
			try {
				JsonNode node = AuditChain.RECORD_READER.readTree(line);
				JsonNode seq = node.get("seq");
				JsonNode prevHash = node.get("prevHash");
				JsonNode hash = node.get("hash");
				if (seq == null || !seq.canConvertToLong() || prevHash == null || !prevHash.isString() || hash == null
						|| !hash.isString()) {
					return null;
				}
				Origin origin = new Origin(node.path("instance").asString(""), node.path("boot").asString(""));
				String expected = (this.key != null) ? AuditChain.expectedHash(this.key, line) : null;
				return new Record(seq.asLong(), prevHash.asString(), hash.asString(), origin, expected, file, number);
			}
			catch (JacksonException ex) {
				return null;
			}
		}

		int verify(List<Head> heads, PrintStream out) {
			if (this.key == null) {
				out.println(COMMAND + ": no --key-file: checking sequence and linkage only, not the hashes, "
						+ "which whoever can write the trail could have recomputed");
			}
			boolean intact = true;
			for (String problem : this.garbage) {
				out.println(COMMAND + ": " + problem);
				intact = false;
			}
			for (Map.Entry<Origin, List<Record>> chain : this.chains.entrySet()) {
				String problem = verify(chain.getValue());
				List<Record> records = chain.getValue();
				Record first = records.get(0);
				Record last = records.get(records.size() - 1);
				if (problem != null) {
					out.println(COMMAND + ": " + chain.getKey() + ": " + problem);
					intact = false;
				}
				else {
					out.println(COMMAND + ": " + chain.getKey() + ": intact, " + records.size() + " records (seq "
							+ first.seq() + " to " + last.seq() + ")" + start(first));
				}
			}
			for (Head head : heads) {
				String problem = reaches(head);
				if (problem != null) {
					out.println(COMMAND + ": " + problem);
					intact = false;
				}
				else {
					out.println(COMMAND + ": the head seq " + head.seq() + " is in the trail");
				}
			}
			int records = this.chains.values().stream().mapToInt(List::size).sum();
			out.println(COMMAND + ": " + (intact ? "intact" : "NOT intact") + ": " + this.chains.size()
					+ ((this.chains.size() == 1) ? " chain, " : " chains, ") + records + " records, "
					+ ((this.key != null) ? "every hash checked under the key" : "hashes not checked (no key)"));
			return intact ? 0 : 1;
		}

		/** The first problem of a chain, or {@code null}. */
		private @Nullable String verify(List<Record> records) {
			Record previous = null;
			for (Record record : records) {
				String what = "record seq " + record.seq() + " (" + record.where() + ")";
				if (this.key != null && !record.hash().equals(record.expected())) {
					return what + " was changed or forged: its hash is not that of its content under the key";
				}
				if (previous == null) {
					String problem = follows(record);
					if (problem != null) {
						return what + " " + problem;
					}
				}
				else if (!record.prevHash().equals(previous.hash())) {
					return what + " does not follow the record before it, seq " + previous.seq()
							+ ": removed or reordered records";
				}
				else if (record.seq() != previous.seq() + 1) {
					return what + " does not follow seq " + previous.seq();
				}
				previous = record;
			}
			return null;
		}

		/** Whether a chain's first record starts a trail or follows the record it names. */
		private @Nullable String follows(Record first) {
			if (first.prevHash().equals(AuditChain.GENESIS)) {
				return (first.seq() == 1) ? startsAfterAnEarlierChain(first)
						: "claims to start a trail but is not seq 1";
			}
			if (first.seq() == 1) {
				return "is seq 1 but does not start a trail";
			}
			Record before = this.byHash.get(first.prevHash());
			if (before != null) {
				List<Record> chain = this.chains.get(before.origin());
				if (before.seq() != first.seq() - 1) {
					return "does not follow the record it names, seq " + before.seq() + " of " + before.origin();
				}
				if (before != chain.get(chain.size() - 1)) {
					return "follows seq " + before.seq() + " of " + before.origin()
							+ ", which another record follows already";
				}
				if (!this.continued.add(before)) {
					return "follows seq " + before.seq() + " of " + before.origin()
							+ ", which another chain follows already: a fork";
				}
				return null;
			}
			for (Map.Entry<Origin, List<Record>> chain : this.chains.entrySet()) {
				if (chain.getKey().equals(first.origin())) {
					break;
				}
				List<Record> earlier = chain.getValue();
				Record end = earlier.get(earlier.size() - 1);
				if (chain.getKey().instance().equals(first.origin().instance()) && end.seq() < first.seq()) {
					return "does not follow the end of an earlier chain of the same instance (" + chain.getKey()
							+ ", seq " + end.seq() + "): removed records";
				}
			}
			// Neither the start of a trail nor after a record given: the records before it were
			// removed, or only part of the trail was exported, which the operator must say.
			return this.partial ? null
					: "follows a record that was not given: records before it were removed (pass --partial "
							+ "when verifying part of a trail)";
		}

		/**
		 * Whether a chain that starts a trail does so in a file after the end of an earlier chain of
		 * its instance there. A broker restarted on its file continues the chain in it: one that
		 * starts a new trail instead hides whether records at the end of the earlier chain were
		 * removed (as the broker did once after a torn last line, so that whoever could write the
		 * file could remove the end of a chain around a restart). Chains of the same instance that
		 * overlap in the file are two processes, not a restart; and on standard output each start
		 * begins a trail.
		 */
		private @Nullable String startsAfterAnEarlierChain(Record first) {
			if (this.stdoutSink || first.origin().instance().isEmpty()) {
				return null;
			}
			Record latest = null;
			for (Map.Entry<Origin, List<Record>> chain : this.chains.entrySet()) {
				List<Record> earlier = chain.getValue();
				Record end = earlier.get(earlier.size() - 1);
				if (!chain.getKey().equals(first.origin())
						&& chain.getKey().instance().equals(first.origin().instance())
						&& end.file().equals(first.file()) && end.line() < first.line()
						&& (latest == null || end.line() > latest.line())) {
					latest = end;
				}
			}
			return (latest == null) ? null
					: "starts a new trail after the end of an earlier chain of the same instance in its file ("
							+ latest.origin() + ", seq " + latest.seq() + " at line " + latest.line()
							+ "), which a broker restarted on its file continues: records at the end of that chain "
							+ "may have been removed (pass --stdout-sink for records written to standard output, "
							+ "where each start of the broker begins a trail)";
		}

		/** How a chain starts, when not at the start of a trail. */
		private String start(Record first) {
			if (first.prevHash().equals(AuditChain.GENESIS)) {
				return "";
			}
			Record before = this.byHash.get(first.prevHash());
			return (before != null) ? ", continuing " + before.origin()
					: ", continuing a trail whose earlier records were not given";
		}

		/** Whether the trail holds a head, or was cut short before it. */
		private @Nullable String reaches(Head head) {
			Record record = this.byHash.get(head.hash());
			if (record != null) {
				return (record.seq() == head.seq()) ? null
						: "the head " + head.seq() + ":" + head.hash() + " is record seq " + record.seq() + " ("
								+ record.where() + "), not seq " + head.seq();
			}
			List<String> shorter = new ArrayList<>();
			for (Map.Entry<Origin, List<Record>> chain : this.chains.entrySet()) {
				Record last = chain.getValue().get(chain.getValue().size() - 1);
				if (last.seq() < head.seq()) {
					shorter.add(chain.getKey() + " ends at seq " + last.seq() + ", so records from seq "
							+ (last.seq() + 1) + " are missing");
				}
			}
			return "the head seq " + head.seq() + " is not in the trail: cut short or changed"
					+ (shorter.isEmpty() ? "" : ": " + String.join("; ", shorter));
		}

	}

	private static final class UsageException extends Exception {

		UsageException(String message) {
			super(message);
		}

	}

}
