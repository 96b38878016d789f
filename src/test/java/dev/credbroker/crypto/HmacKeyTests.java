package dev.credbroker.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

@ExtendWith(OutputCaptureExtension.class)
class HmacKeyTests {

	private static final String KEY = "a-key-of-at-least-32-bytes-0123456789";

	@Test
	void macsAsTheJdkDoesUnderTheConfiguredKeysUtf8Bytes() throws GeneralSecurityException {
		HmacKey key = HmacKey.orRandom("broker.test.key", KEY, "never");
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));

		byte[] value = "value".getBytes(StandardCharsets.UTF_8);

		assertThat(HexFormat.of().formatHex(key.mac(value))).isEqualTo(HexFormat.of().formatHex(mac.doFinal(value)));
		assertThat(key.mac(new byte[] { 9, 'v', 'a', 'l', 'u', 'e', 9 }, 1, 5)).isEqualTo(key.mac(value));
	}

	@Test
	void withoutAConfiguredKeyARandomOneAndAWarningOfWhatItCosts(CapturedOutput output) {
		HmacKey one = HmacKey.orRandom("broker.test.key", null, "things will break");
		HmacKey two = HmacKey.orRandom("broker.test.key", "", "things will break");

		assertThat(one.mac(new byte[1])).isNotEqualTo(two.mac(new byte[1]));
		assertThat(output).contains("WARN")
			.contains("broker.test.key is not set: using a random key, so things will break");
	}

	@Test
	void aRequiredKeyMissingIsRefusedNamingItsProperty() {
		assertThatIllegalStateException().isThrownBy(() -> HmacKey.required("broker.test.key", null, "it must be"))
			.withMessageStartingWith("broker.test.key is not set, and it must be: set it (at least 32 bytes)");
		assertThat(HmacKey.required("broker.test.key", KEY, "it must be").mac(new byte[1]))
			.isEqualTo(new HmacKey(KEY.getBytes(StandardCharsets.UTF_8)).mac(new byte[1]));
	}

	@Test
	void refusesKeysShorterThan32Bytes() throws GeneralSecurityException {
		assertThatIllegalStateException().isThrownBy(() -> HmacKey.orRandom("broker.test.key", "x".repeat(31), "-"))
			.withMessage("broker.test.key must have at least 32 bytes");
		assertThatIllegalStateException().isThrownBy(() -> HmacKey.required("broker.test.key", "short", "-"))
			.withMessage("broker.test.key must have at least 32 bytes");
		assertThatIllegalArgumentException().isThrownBy(() -> new HmacKey(new byte[31]));
		// 16 characters, 32 bytes in UTF-8: long enough, and used as those bytes.
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec("é".repeat(16).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		assertThat(HmacKey.orRandom("broker.test.key", "é".repeat(16), "-").mac(new byte[1]))
			.isEqualTo(mac.doFinal(new byte[1]));
	}

	@Test
	void doesNotShowTheKey() {
		assertThat(HmacKey.orRandom("broker.test.key", KEY, "-")).hasToString("HmacKey[redacted]");
	}

}
