package dev.credbroker.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;

import dev.credbroker.crypto.HmacKey;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code audit-verify}: with the chain key it proves every record, so that a trail rewritten by
 * someone who can write it but has not the key fails; without the key it checks what it can and
 * says so; a head from the broker's log shows a trail cut short; each process's chain in an
 * interleaved stream is verified on its own.
 */
class AuditVerifierTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path directory;

	@Nested
	class WithTheKey {

		@Test
		void anIntactTrail() {
			Result result = verifyWithKey(write(lines(AuditTrailTests.chain(), 4)));

			assertThat(result.exit()).isZero();
			assertThat(result.output()).contains("instance pod-a boot boot-1: intact, 4 records (seq 1 to 4)")
				.contains("intact: 1 chain, 4 records, every hash checked under the key")
				.doesNotContain("no --key-file");
		}

		@Test
		void aChangedRecord() {
			List<String> lines = lines(AuditTrailTests.chain(), 4);
			lines.set(2, lines.get(2).replace("\"status\":200", "\"status\":201"));

			assertFirstBad(verifyWithKey(write(lines)), 3, "was changed or forged");
		}

		@Test
		void aRemovedRecord() {
			List<String> lines = lines(AuditTrailTests.chain(), 4);
			lines.remove(1);

			assertFirstBad(verifyWithKey(write(lines)), 3, "does not follow");
		}

		@Test
		void theFirstRecordsRemoved() {
			List<String> lines = lines(AuditTrailTests.chain(), 4);
			lines.subList(0, 2).clear();

			assertFirstBad(verifyWithKey(write(lines)), 3, "records before it were removed");
		}

		@Test
		void partOfATrailSaidToBeSo() {
			List<String> lines = lines(AuditTrailTests.chain(), 4);
			lines.subList(0, 2).clear();

			Result result = verifyWithKey(write(lines), "--partial");

			assertThat(result.exit()).as(result.output()).isZero();
			assertThat(result.output()).contains("intact, 2 records (seq 3 to 4), continuing a trail whose earlier "
					+ "records were not given");
		}

		@Test
		void reorderedRecords() {
			List<String> lines = lines(AuditTrailTests.chain(), 4);
			String second = lines.get(1);
			lines.set(1, lines.get(2));
			lines.set(2, second);

			assertFirstBad(verifyWithKey(write(lines)), 3, "does not follow");
		}

		/**
		 * What anyone who could write the file could do while the hash was a plain SHA-256: change a
		 * record, then recompute its hash and every later one, relinking the chain. The old verifier
		 * found such a trail intact.
		 */
		@Test
		void aRecordChangedAndTheChainRecomputedWithPlainSha256() {
			List<String> lines = lines(AuditTrailTests.chain(), 4);
			lines.set(1, lines.get(1).replace("\"status\":200", "\"status\":201"));
			List<String> rewritten = relink(lines, 1, AuditVerifierTests::sha256);

			assertFirstBad(verifyWithKey(write(rewritten)), 2, "was changed or forged");
		}

		@Test
		void aTrailForgedUnderAnotherKey() {
			HmacKey other = new HmacKey("someone-elses-key-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8));
			List<String> lines = lines(AuditTrailTests.chain(), 3);
			lines.set(2, lines.get(2).replace("\"decision\":\"allow\"", "\"decision\":\"deny\""));
			List<String> rewritten = relink(lines, 0, (content) -> AuditChain.hash(other, content));

			assertFirstBad(verifyWithKey(write(rewritten)), 1, "was changed or forged");
		}

		@Test
		void aRecordWithOnlyItsOwnHashRecomputed() {
			List<String> lines = lines(AuditTrailTests.chain(), 3);
			String changed = lines.get(1).replace("\"status\":200", "\"status\":201");
			String prefix = changed.substring(0, changed.lastIndexOf(AuditChain.HASH_MEMBER));
			lines.set(1, prefix + AuditChain.HASH_MEMBER + sha256(prefix) + "\"}");
			Path file = write(lines);

			assertFirstBad(verifyWithKey(file), 2, "was changed or forged");
			assertFirstBad(run(file.toString()), 3, "does not follow");
		}

		@Test
		void aMemberAddedAfterTheHash() {
			List<String> lines = lines(AuditTrailTests.chain(), 3);
			String second = lines.get(1);
			lines.set(1, second.substring(0, second.length() - 1) + ",\"note\":\"reviewed\"}");
			Path file = write(lines);

			for (Result result : List.of(verifyWithKey(file), run(file.toString()))) {
				assertThat(result.exit()).as(result.output()).isEqualTo(1);
				assertThat(result.output())
					.contains(file + " line 2 was changed: it goes on after its hash, where no MAC covers it");
			}
		}

		/**
		 * No MAC covers what follows the hash, and a JSON reader keeps the last of two members of
		 * one name: the record's own members named again there overrode them, and the verifier
		 * found the trail intact.
		 */
		@Test
		void theRecordsMembersNamedAgainAfterTheHash() {
			List<String> lines = lines(AuditTrailTests.chain(), 3);
			String second = lines.get(1);
			lines.set(1, second.substring(0, second.length() - 1)
					+ ",\"decision\":\"deny\",\"reason\":\"no-grant\",\"returned\":[]}");
			Path file = write(lines);

			for (Result result : List.of(verifyWithKey(file), run(file.toString()))) {
				assertThat(result.exit()).as(result.output()).isEqualTo(1);
				assertThat(result.output()).contains(file + " line 2 is not an audit record");
			}
		}

		@Test
		void aKeyFileWithATrailingLineBreakAsAMountedSecretMayHave() throws IOException {
			Path key = directory.resolve("chain-key-crlf");
			Files.writeString(key, AuditTrailTests.CHAIN_KEY + "\r\n");

			assertThat(run("--key-file", key.toString(), write(lines(AuditTrailTests.chain(), 2)).toString()).exit())
				.isZero();
		}

	}

	@Nested
	class WithoutTheKey {

		@Test
		void checksSequenceAndLinkageOnlyAndSaysSo() {
			List<String> lines = lines(AuditTrailTests.chain(), 3);
			lines.set(1, lines.get(1).replace("\"status\":200", "\"status\":201"));

			Result result = run(write(lines).toString());

			assertThat(result.exit()).as("a changed record cannot be told without the key").isZero();
			assertThat(result.output()).contains("no --key-file: checking sequence and linkage only, not the hashes")
				.contains("hashes not checked (no key)");
		}

		@Test
		void stillFindsRemovedRecords() {
			List<String> lines = lines(AuditTrailTests.chain(), 4);
			lines.remove(2);

			assertFirstBad(run(write(lines).toString()), 4, "does not follow");
		}

		@Test
		void aHeadFromTheLogStillPinsTheTrailUpToIt() {
			List<String> lines = lines(AuditTrailTests.chain(), 4);
			String head = head(lines.get(3));
			lines.set(1, lines.get(1).replace("\"status\":200", "\"status\":201"));
			List<String> rewritten = relink(lines, 1, AuditVerifierTests::sha256);

			Result result = run("--head", head, write(rewritten).toString());

			assertThat(result.exit()).isEqualTo(1);
			assertThat(result.output()).contains("the head seq 4 is not in the trail");
		}

	}

	@Nested
	class Head {

		@Test
		void aTrailThatReachesTheHead() {
			List<String> lines = lines(AuditTrailTests.chain(), 5);

			Result result = verifyWithKey(write(lines), "--head", head(lines.get(4)));

			assertThat(result.exit()).isZero();
			assertThat(result.output()).contains("the head seq 5 is in the trail");
		}

		@Test
		void recordsWrittenAfterTheHeadAreFine() {
			List<String> lines = lines(AuditTrailTests.chain(), 5);

			assertThat(verifyWithKey(write(lines), "--head", head(lines.get(2))).exit()).isZero();
		}

		@Test
		void aTrailCutShortBeforeTheHead() {
			List<String> lines = lines(AuditTrailTests.chain(), 5);
			String head = head(lines.get(4));

			Result result = verifyWithKey(write(lines.subList(0, 3)), "--head", head);

			assertThat(result.exit()).isEqualTo(1);
			assertThat(result.output()).contains("the head seq 5 is not in the trail: cut short")
				.contains("instance pod-a boot boot-1 ends at seq 3, so records from seq 4 are missing")
				.contains("instance pod-a boot boot-1: intact, 3 records");
		}

		@Test
		void theFirstRecordAsTheHead() {
			List<String> lines = lines(AuditTrailTests.chain(), 2);

			Result result = verifyWithKey(write(lines), "--head", head(lines.get(0)));

			assertThat(result.exit()).as(result.output()).isZero();
			assertThat(result.output()).contains("the head seq 1 is in the trail");
		}

		@Test
		void aHeadAsFarAsTheTrailGoesWithAnotherHash() {
			List<String> lines = lines(AuditTrailTests.chain(), 3);

			Result result = verifyWithKey(write(lines), "--head", "3:" + "0123456789abcdef".repeat(4));

			assertThat(result.exit()).isEqualTo(1);
			assertThat(result.output()).contains("the head seq 3 is not in the trail: cut short or changed\n")
				.doesNotContain("are missing");
		}

		@Test
		void aHeadWhoseHashIsAnotherRecords() {
			List<String> lines = lines(AuditTrailTests.chain(), 3);
			String hash = head(lines.get(1)).split(":")[1];

			Result result = verifyWithKey(write(lines), "--head", "3:" + hash);

			assertThat(result.exit()).isEqualTo(1);
			assertThat(result.output()).contains("is record seq 2");
		}

	}

	@Nested
	class Interleaved {

		@Test
		void verifiesEachProcesssChainOnItsOwnAndReportsEach() {
			List<String> stream = interleave(lines(AuditTrailTests.chain("pod-a", "boot-1"), 4),
					lines(AuditTrailTests.chain("pod-b", "boot-7"), 3),
					lines(AuditTrailTests.chain("pod-a", "boot-2"), 2));

			Result result = verifyWithKey(write(stream));

			assertThat(result.exit()).isZero();
			assertThat(result.output()).contains("instance pod-a boot boot-1: intact, 4 records (seq 1 to 4)")
				.contains("instance pod-b boot boot-7: intact, 3 records (seq 1 to 3)")
				.contains("instance pod-a boot boot-2: intact, 2 records (seq 1 to 2)")
				.contains("intact: 3 chains, 9 records");
		}

		@Test
		void aChangeInOneChainIsReportedForItAlone() {
			List<String> b = lines(AuditTrailTests.chain("pod-b", "boot-7"), 3);
			b.set(1, b.get(1).replace("\"status\":200", "\"status\":500"));
			List<String> stream = interleave(lines(AuditTrailTests.chain("pod-a", "boot-1"), 4), b);

			Result result = verifyWithKey(write(stream));

			assertFirstBad(result, 2, "was changed or forged");
			assertThat(result.output()).contains("instance pod-b boot boot-7: record seq 2 (")
				.contains("instance pod-a boot boot-1: intact, 4 records")
				.contains("NOT intact");
		}

		@Test
		void aRecordMovedBetweenChainsBreaksBoth() {
			List<String> a = lines(AuditTrailTests.chain("pod-a", "boot-1"), 3);
			List<String> b = lines(AuditTrailTests.chain("pod-b", "boot-1"), 3);
			String moved = a.get(1).replace("\"instance\":\"pod-a\"", "\"instance\":\"pod-b\"");
			a.remove(1);
			b.add(moved);

			Result result = verifyWithKey(write(interleave(a, b)));

			assertThat(result.exit()).isEqualTo(1);
			assertThat(result.output()).contains("instance pod-a boot boot-1: record seq 3")
				.contains("instance pod-b boot boot-1: record seq 2 (");
		}

		@Test
		void filesOfSeveralPodsGivenTogether() {
			Path a = write("a.jsonl", lines(AuditTrailTests.chain("pod-a", "boot-1"), 2));
			Path b = write("b.jsonl", lines(AuditTrailTests.chain("pod-b", "boot-1"), 3));

			Result result = run("--key-file", keyFile(directory).toString(), a.toString(), b.toString());

			assertThat(result.exit()).isZero();
			assertThat(result.output()).contains("intact: 2 chains, 5 records");
		}

		@Test
		void aBrokerRestartedOnItsFileContinuesItsChainAsANewBoot() {
			List<String> first = lines(AuditTrailTests.chain("pod-a", "boot-1"), 3);
			List<String> second = continued(AuditTrailTests.chain("pod-a", "boot-2"), first.get(2), 2);
			List<String> file = new ArrayList<>(first);
			file.addAll(second);

			Result result = verifyWithKey(write(file));

			assertThat(result.exit()).isZero();
			assertThat(result.output())
				.contains("instance pod-a boot boot-2: intact, 2 records (seq 4 to 5), continuing instance pod-a boot boot-1");
		}

		/** One process continues a trail: two chains after one record are a fork, two writers on one file. */
		@Test
		void twoChainsThatFollowTheSameRecord() {
			List<String> first = lines(AuditTrailTests.chain("pod-a", "boot-1"), 3);
			List<String> file = new ArrayList<>(first);
			file.addAll(continued(AuditTrailTests.chain("pod-a", "boot-2"), first.get(2), 1));
			file.addAll(continued(AuditTrailTests.chain("pod-a", "boot-3"), first.get(2), 1));

			Result result = verifyWithKey(write(file));

			assertThat(result.exit()).isEqualTo(1);
			assertThat(result.output())
				.contains("follows seq 3 of instance pod-a boot boot-1, which another chain follows already: a fork");
		}

		@Test
		void aChainThatContinuesARecordItsOwnChainGoesOnFrom() {
			List<String> first = lines(AuditTrailTests.chain("pod-a", "boot-1"), 3);
			List<String> file = new ArrayList<>(first);
			file.addAll(continued(AuditTrailTests.chain("pod-a", "boot-2"), first.get(1), 1));

			Result result = verifyWithKey(write(file));

			assertThat(result.exit()).isEqualTo(1);
			assertThat(result.output())
				.contains("follows seq 2 of instance pod-a boot boot-1, which another record follows already");
		}

		@Test
		void aRecordThatLinksToThePreviousButSkipsASeq() {
			List<String> first = lines(AuditTrailTests.chain(), 2);
			List<String> file = new ArrayList<>(first);
			file.addAll(chain(AuditTrailTests.chain(), 4, hashOf(first.get(1)), 1));

			assertFirstBad(verifyWithKey(write(file)), 4, "does not follow seq 2");
		}

		@Test
		void aChainThatClaimsToStartATrailButIsNotSeqOne() {
			assertFirstBad(verifyWithKey(write(chain(AuditTrailTests.chain(), 2, AuditChain.GENESIS, 2))), 2,
					"claims to start a trail but is not seq 1");
		}

		/** A second boot's first record names the first boot's last, seq 2, but is not seq 3. */
		@ParameterizedTest
		@CsvSource(delimiter = '|', textBlock = """
				1 | is seq 1 but does not start a trail
				7 | does not follow the record it names, seq 2
				""")
		void aChainThatNamesARecordItDoesNotFollow(int seq, String why) {
			List<String> earlier = lines(AuditTrailTests.chain("pod-a", "boot-1"), 2);
			List<String> file = new ArrayList<>(earlier);
			file.addAll(chain(AuditTrailTests.chain("pod-a", "boot-2"), seq, hashOf(earlier.get(1)), 1));

			assertFirstBad(verifyWithKey(write(file)), seq, why);
		}

		@Test
		void theEndOfTheRunBeforeARestartRemoved() {
			List<String> first = lines(AuditTrailTests.chain("pod-a", "boot-1"), 3);
			List<String> second = continued(AuditTrailTests.chain("pod-a", "boot-2"), first.get(2), 2);
			List<String> file = new ArrayList<>(first.subList(0, 2));
			file.addAll(second);

			assertFirstBad(verifyWithKey(write(file)), 4, "does not follow the end of an earlier chain");
		}

		/**
		 * A broker restarted on its file continues its chain. It once started a new trail instead
		 * when the file ended in a torn line: whoever could write the file could cut the end of a
		 * chain before a restart, leave a torn line, and remove it afterwards, and each chain was
		 * found intact.
		 */
		@ParameterizedTest
		@CsvSource({ "true", "false" })
		void aNewTrailOfAnInstanceInAFileAfterTheEndOfItsEarlierChainThere(boolean tornLineLeft) {
			List<String> earlier = lines(AuditTrailTests.chain("pod-a", "boot-1"), 5);
			List<String> file = new ArrayList<>(earlier.subList(0, 3));
			if (tornLineLeft) {
				file.add(earlier.get(3).substring(0, 60));
			}
			file.addAll(lines(AuditTrailTests.chain("pod-a", "boot-2"), 2));

			Result result = verifyWithKey(write(file));

			assertFirstBad(result, 1, "starts a new trail after the end of an earlier chain of the same instance in "
					+ "its file (instance pod-a boot boot-1, seq 3 at line 3)");
			assertThat(result.output()).contains("records at the end of that chain may have been removed")
				.contains("pass --stdout-sink");
		}

		/** The report names the chain the new trail hides the end of: the last one before it. */
		@Test
		void aNewTrailAfterARestartedChainNamesTheRestartsEnd() {
			List<String> first = lines(AuditTrailTests.chain("pod-a", "boot-1"), 3);
			List<String> file = new ArrayList<>(first);
			file.addAll(continued(AuditTrailTests.chain("pod-a", "boot-2"), first.get(2), 2));
			file.addAll(lines(AuditTrailTests.chain("pod-a", "boot-3"), 1));

			Result result = verifyWithKey(write(file));

			assertFirstBad(result, 1, "(instance pod-a boot boot-2, seq 5 at line 5)");
			assertThat(result.output()).as("where the new trail starts").contains("line 6");
		}

		/** On standard output each start of the broker begins a trail: a pod's container restarted. */
		@Test
		void aNewTrailOfAnInstanceAfterItsEarlierChainWrittenToStandardOutput() {
			List<String> file = new ArrayList<>(lines(AuditTrailTests.chain("pod-a", "boot-1"), 3));
			file.addAll(lines(AuditTrailTests.chain("pod-a", "boot-2"), 2));

			Result result = verifyWithKey(write(file), "--stdout-sink");

			assertThat(result.exit()).as(result.output()).isZero();
			assertThat(result.output()).contains("instance pod-a boot boot-2: intact, 2 records (seq 1 to 2)");
		}

		/** A file rotated away, and the broker started again on a new one. */
		@Test
		void aNewTrailOfAnInstanceInAnotherFile() {
			Path a = write("a.jsonl", lines(AuditTrailTests.chain("pod-a", "boot-1"), 3));
			Path b = write("b.jsonl", lines(AuditTrailTests.chain("pod-a", "boot-2"), 2));

			Result result = run("--key-file", keyFile(directory).toString(), a.toString(), b.toString());

			assertThat(result.exit()).as(result.output()).isZero();
		}

		/** A later boot that starts where the earlier one ended, not after it: no end of it is missing. */
		@Test
		void aRestartThatNamesARecordNotGivenAtTheEarlierChainsLastSeq() {
			List<String> file = new ArrayList<>(lines(AuditTrailTests.chain("pod-a", "boot-1"), 3));
			file.addAll(chain(AuditTrailTests.chain("pod-a", "boot-2"), 3, "0123456789abcdef".repeat(4), 1));

			Result result = verifyWithKey(write(file));

			assertFirstBad(result, 3, "follows a record that was not given");
			assertThat(result.output()).doesNotContain("does not follow the end of an earlier chain");
		}

	}

	@Nested
	class Refused {

		@Test
		void garbage() throws IOException {
			Path file = write(lines(AuditTrailTests.chain(), 2));
			Files.writeString(file, "not json\n", StandardOpenOption.APPEND);

			Result result = verifyWithKey(file);

			assertThat(result.exit()).isEqualTo(1);
			assertThat(result.output()).contains(file + " line 3 is not an audit record");
		}

		@Test
		void aMissingFile() {
			Result result = run(directory.resolve("none").toString());

			assertThat(result.exit()).isEqualTo(2);
			assertThat(result.output()).contains("no such file");
		}

		@ParameterizedTest
		@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
				-                                  | no file given
				--head                             | --head needs a value
				--head 12                          | --head takes SEQ:HASH
				--head 0:abc                       | --head takes SEQ:HASH
				--head x:y                         | --head takes SEQ:HASH
				--verbose trail.jsonl              | unknown option --verbose
				--key-file                         | --key-file needs a value
				--key-file a --key-file b trail.jsonl | one --key-file only
				""")
		void badUsage(@Nullable String args, String why) {
			List<String> arguments = new ArrayList<>((args == null) ? List.of() : List.of(args.split(" ")));
			if (args != null && args.startsWith("--head ")) {
				arguments.add("trail.jsonl");
			}

			Result result = run(arguments.toArray(String[]::new));

			assertThat(result.exit()).as(args).isEqualTo(2);
			assertThat(result.output()).startsWith("audit-verify: " + why)
				.contains("usage: java -jar credential-broker.jar audit-verify");
		}

		@Test
		void aHeadInUpperCaseHexIsNotOne() {
			Result result = run("--head", "1:" + "A".repeat(64), "trail.jsonl");

			assertThat(result.exit()).isEqualTo(2);
			assertThat(result.output()).contains("--head takes SEQ:HASH");
		}

		@Test
		void afterDoubleDashAnArgumentIsAFileEvenIfItLooksLikeAnOption() {
			Result result = run("--", "-not-an-option");

			assertThat(result.exit()).isEqualTo(2);
			assertThat(result.output()).contains("no such file: -not-an-option");
		}

		@Test
		void aTrailThatIsADirectory() {
			Result result = run(directory.toString());

			assertThat(result.exit()).isEqualTo(2);
			assertThat(result.output()).contains("cannot read " + directory);
		}

		@Test
		void aKeyOfExactlyThirtyTwoBytesIsTaken() throws IOException {
			Path key = directory.resolve("another-key");
			Files.writeString(key, "k".repeat(32));

			Result result = run("--key-file", key.toString(), write(lines(AuditTrailTests.chain(), 1)).toString());

			assertThat(result.exit()).as(result.output()).isEqualTo(1);
			assertThat(result.output()).contains("was changed or forged");
		}

		@Test
		void aKeyTooShortToBeTheChainKey() throws IOException {
			Path key = directory.resolve("short-key");
			Files.writeString(key, "short");

			Result result = run("--key-file", key.toString(), write(lines(AuditTrailTests.chain(), 1)).toString());

			assertThat(result.exit()).isEqualTo(2);
			assertThat(result.output()).contains("fewer than 32 bytes");
		}

		@Test
		void anUnreadableKeyFile() {
			Result result = run("--key-file", directory.resolve("none").toString(),
					write(lines(AuditTrailTests.chain(), 1)).toString());

			assertThat(result.exit()).isEqualTo(2);
			assertThat(result.output()).contains("cannot read the key file");
		}

	}

	// ---------------------------------------------------------------------------------------

	/** {@code n} records of a chain, from the start of a trail. */
	static List<String> lines(AuditChain chain, int n) {
		return chain(chain, 1, AuditChain.GENESIS, n);
	}

	/** A record's hash, as its line carries it. */
	private static String hashOf(String line) {
		return json.readTree(line).get("hash").asString();
	}

	/** {@code n} records of a chain that continues the trail after a given record. */
	private static List<String> continued(AuditChain chain, String after, int n) {
		JsonNode last = json.readTree(after);
		return chain(chain, last.get("seq").asLong() + 1, last.get("hash").asString(), n);
	}

	private static List<String> chain(AuditChain chain, long seq, String prevHash, int n) {
		List<String> lines = new ArrayList<>();
		String previous = prevHash;
		for (int i = 0; i < n; i++) {
			String line = chain.line(json, AuditTrailTests.event("r" + (seq + i)), seq + i, previous);
			lines.add(line);
			previous = hashOf(line);
		}
		return lines;
	}

	/** The lines, from the {@code from}th on, given new hashes and relinked, as a forger would. */
	private static List<String> relink(List<String> lines, int from, UnaryOperator<String> hash) {
		List<String> rewritten = new ArrayList<>(lines.subList(0, from));
		String previous = (from == 0) ? AuditChain.GENESIS : hashOf(lines.get(from - 1));
		for (String line : lines.subList(from, lines.size())) {
			ObjectNode record = (ObjectNode) json.readTree(line);
			record.remove("hash");
			record.put("prevHash", previous);
			String object = json.writeValueAsString(record);
			String prefix = object.substring(0, object.length() - 1);
			previous = hash.apply(prefix);
			rewritten.add(prefix + AuditChain.HASH_MEMBER + previous + "\"}");
		}
		return rewritten;
	}

	@SafeVarargs
	private static List<String> interleave(List<String>... chains) {
		List<String> stream = new ArrayList<>();
		for (int i = 0; stream.size() < Arrays.stream(chains).mapToInt(List::size).sum(); i++) {
			for (List<String> chain : chains) {
				if (i < chain.size()) {
					stream.add(chain.get(i));
				}
			}
		}
		return stream;
	}

	/** The head the broker would log for a record: {@code SEQ:HASH}. */
	private static String head(String line) {
		JsonNode record = json.readTree(line);
		return record.get("seq").asLong() + ":" + record.get("hash").asString();
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Path write(List<String> lines) {
		return write("trail.jsonl", lines);
	}

	private Path write(String name, List<String> lines) {
		try {
			return Files.write(this.directory.resolve(name), lines);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Result verifyWithKey(Path file, String... more) {
		List<String> args = new ArrayList<>(List.of("--key-file", keyFile(this.directory).toString()));
		args.addAll(List.of(more));
		args.add(file.toString());
		return run(args.toArray(String[]::new));
	}

	private static void assertFirstBad(Result result, int seq, String why) {
		assertThat(result.exit()).as(result.output()).isEqualTo(1);
		assertThat(result.output()).contains("record seq " + seq + " (").contains(why);
	}

	/** The tests' chain key in a file, as a mounted Secret holds it. */
	static Path keyFile(Path directory) {
		try {
			Path file = directory.resolve("chain-key");
			Files.writeString(file, AuditTrailTests.CHAIN_KEY + "\n");
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static int verify(String... args) {
		return run(args).exit();
	}

	static Result run(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		String[] command = new String[args.length + 1];
		command[0] = AuditVerifier.COMMAND;
		System.arraycopy(args, 0, command, 1, args.length);
		int exit = AuditVerifier.run(command, new PrintStream(out, true, StandardCharsets.UTF_8));
		return new Result(exit, out.toString(StandardCharsets.UTF_8));
	}

	record Result(int exit, String output) {
	}

}
