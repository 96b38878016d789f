package dev.credbroker.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SealingKeysTests {

	private static final byte[] CURRENT = key(1);

	private static final byte[] PREVIOUS = key(2);

	private static final byte[] SECRET = "sk-a-secret-value".getBytes(StandardCharsets.UTF_8);

	private static final byte[] HERE = "resource-a".getBytes(StandardCharsets.UTF_8);

	@Test
	void sealsSoThatOnlyTheKeysOpenAndNothingShowsInClear() {
		SealingKeys keys = new SealingKeys(CURRENT, null);

		byte[] sealed = keys.seal(SECRET, HERE);

		assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("secret");
		assertThat(sealed).hasSize(1 + 4 + 12 + SECRET.length + 16);
		assertThat(sealed[0]).isEqualTo((byte) 1);
		assertThat(keys.open(sealed, HERE)).isEqualTo(SECRET);
		assertThat(keys.seal(SECRET, HERE)).as("a nonce of its own each time").isNotEqualTo(sealed);
	}

	@Test
	void theCurrentKeySealsAndThePreviousStillOpens() {
		byte[] sealedBefore = new SealingKeys(PREVIOUS, null).seal(SECRET, HERE);
		SealingKeys rotated = new SealingKeys(CURRENT, PREVIOUS);

		assertThat(rotated.open(sealedBefore, HERE)).isEqualTo(SECRET);
		byte[] sealedAfter = rotated.seal(SECRET, HERE);
		assertThat(new SealingKeys(CURRENT, null).open(sealedAfter, HERE)).isEqualTo(SECRET);
		assertThat(Arrays.copyOfRange(sealedAfter, 1, 5)).isNotEqualTo(Arrays.copyOfRange(sealedBefore, 1, 5));
		assertThat(rotated.currentId()).isEqualTo(new SealingKeys(CURRENT, null).currentId()).hasSize(8);
	}

	/**
	 * The key id is part of every entry in Redis: a replica that derived it otherwise would refuse
	 * every other replica's entries during a rollout. Pinned: SHA-256 of a label and the key, its
	 * first 4 bytes (computed apart, with Python's hashlib).
	 */
	@Test
	void theKeyIdIsTheFirstBytesOfAHashOfALabelAndTheKey() {
		SealingKeys keys = new SealingKeys(CURRENT, null);

		assertThat(keys.currentId()).isEqualTo("f9fb8802");
		assertThat(Arrays.copyOfRange(keys.seal(SECRET, HERE), 1, 5)).asHexString().isEqualTo("F9FB8802");
	}

	@Test
	void refusesAnUnknownKeyOtherDataAnAlterationAndGarbage() {
		SealingKeys keys = new SealingKeys(CURRENT, PREVIOUS);
		byte[] sealed = keys.seal(SECRET, HERE);

		assertRefused(new SealingKeys(key(3), null), sealed, HERE, UnsealException.Reason.UNKNOWN_KEY);
		assertRefused(new SealingKeys(PREVIOUS, null), sealed, HERE, UnsealException.Reason.UNKNOWN_KEY);
		assertRefused(keys, sealed, "resource-b".getBytes(StandardCharsets.UTF_8), UnsealException.Reason.NOT_AUTHENTIC);
		for (int i : new int[] { 5, 17, sealed.length - 1 }) {
			byte[] altered = sealed.clone();
			altered[i] ^= 1;
			assertRefused(keys, altered, HERE, UnsealException.Reason.NOT_AUTHENTIC);
		}
		byte[] otherVersion = sealed.clone();
		otherVersion[0] = 2;
		assertRefused(keys, otherVersion, HERE, UnsealException.Reason.MALFORMED);
		assertRefused(keys, Arrays.copyOf(sealed, 32), HERE, UnsealException.Reason.MALFORMED);
		assertRefused(keys, Arrays.copyOf(sealed, 33), HERE, UnsealException.Reason.NOT_AUTHENTIC);
		assertRefused(keys, new byte[0], HERE, UnsealException.Reason.MALFORMED);
	}

	@Test
	void keysAreThirtyTwoBytesOfBase64AndTwoDifferentOnes() {
		String text = Base64.getEncoder().encodeToString(CURRENT);

		assertThat(SealingKeys.decode("k", " " + text + "\n")).isEqualTo(CURRENT);
		assertThatIllegalArgumentException().isThrownBy(() -> SealingKeys.decode("k", "not base64 at all!"))
			.withMessage("k is not Base64 (make one with: openssl rand -base64 32)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SealingKeys.decode("k", Base64.getEncoder().encodeToString(new byte[31])))
			.withMessageContaining("must be 32 bytes")
			.withMessageContaining("not 31");
		assertThatIllegalArgumentException().isThrownBy(() -> new SealingKeys(new byte[16], null));
		assertThatIllegalArgumentException().isThrownBy(() -> new SealingKeys(CURRENT, new byte[33]));
		assertThatIllegalArgumentException().isThrownBy(() -> new SealingKeys(CURRENT, CURRENT.clone()))
			.withMessage("the previous sealing key is the current one");
		assertThat(new SealingKeys(CURRENT, PREVIOUS).toString()).doesNotContain(text)
			.isEqualTo("SealingKeys[current=" + new SealingKeys(CURRENT, null).currentId() + ", previous=set]");
		assertThat(UnsealException.Reason.UNKNOWN_KEY.value()).isEqualTo("unknown-key");
	}

	private static void assertRefused(SealingKeys keys, byte[] sealed, byte[] data, UnsealException.Reason reason) {
		assertThatExceptionOfType(UnsealException.class).isThrownBy(() -> keys.open(sealed, data))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(reason))
			.withMessage("Sealed value refused: " + reason.value());
	}

	private static byte[] key(int seed) {
		byte[] key = new byte[32];
		Arrays.fill(key, (byte) seed);
		key[31] = (byte) (seed * 7);
		return key;
	}

}
