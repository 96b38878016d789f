package dev.credbroker.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class FingerprinterTests {

	private static final String KEY = "a-fingerprint-key-of-32-characters!";

	@Test
	void hmacSha256TruncatedTo32HexCharacters() {
		// Computed independently, with the JDK's Mac directly.
		String fingerprint = new Fingerprinter(new RedactionProperties(KEY)).fingerprint(new SecretValue("value"));

		assertThat(fingerprint).matches("hmac-sha256:[0-9a-f]{32}");
		assertThat(fingerprint).isEqualTo("hmac-sha256:" + Hmac.hex(KEY, "value").substring(0, 32));
	}

	@Test
	void sameValueSameFingerprintOtherValueOrKeyAnother() {
		Fingerprinter fingerprinter = new Fingerprinter(new RedactionProperties(KEY));
		Fingerprinter other = new Fingerprinter(new RedactionProperties(KEY + "x"));

		assertThat(fingerprinter.fingerprint(new SecretValue("v1"))).isEqualTo(fingerprinter.fingerprint(new SecretValue("v1")))
			.isNotEqualTo(fingerprinter.fingerprint(new SecretValue("v2")))
			.isNotEqualTo(other.fingerprint(new SecretValue("v1")));
	}

	@Test
	void concurrentFingerprintsAreEachRight() throws Exception {
		Fingerprinter fingerprinter = new Fingerprinter(new RedactionProperties(KEY));
		ExecutorService executor = Executors.newFixedThreadPool(8);
		List<Future<Boolean>> results = new ArrayList<>();
		for (int i = 0; i < 4000; i++) {
			String value = "value-" + i + "-" + "x".repeat(i % 300);
			results.add(executor.submit(() -> fingerprinter.fingerprint(new SecretValue(value))
				.equals("hmac-sha256:" + Hmac.hex(KEY, value).substring(0, 32))));
		}
		for (Future<Boolean> result : results) {
			assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
		}
		executor.shutdown();
	}

	@Test
	void withoutAKeyARandomOneIsMade() {
		Fingerprinter one = new Fingerprinter(new RedactionProperties(null));
		Fingerprinter two = new Fingerprinter(new RedactionProperties(""));

		assertThat(one.fingerprint(new SecretValue("v"))).isNotEqualTo(two.fingerprint(new SecretValue("v")));
	}

	@Test
	void refusesAShortKey() {
		assertThatIllegalStateException().isThrownBy(() -> new Fingerprinter(new RedactionProperties("short")))
			.withMessageContaining("at least 32");
	}

	@Test
	void aKeyOfThirtyTwoCharactersIsEnough() {
		String key = "k".repeat(32);

		assertThat(new Fingerprinter(new RedactionProperties(key)).fingerprint(new SecretValue("v")))
			.isEqualTo("hmac-sha256:" + Hmac.hex(key, "v").substring(0, 32));
		assertThatIllegalStateException()
			.isThrownBy(() -> new Fingerprinter(new RedactionProperties(key.substring(1))));
	}

	@Test
	void resourceSecretsCarryEachFieldsFingerprintMadeOnce() {
		Fingerprinter fingerprinter = new Fingerprinter(new RedactionProperties(KEY));
		ResourceSecrets secrets = ResourceSecrets.of("/subscriptions/x", "workspace", null, java.time.Instant.now(),
				java.util.Map.of("userStorageKey", new SecretValue("v")), "req-1", fingerprinter);

		assertThat(secrets.fingerprint("userStorageKey"))
			.isEqualTo("hmac-sha256:" + Hmac.hex(KEY, "v").substring(0, 32));
		assertThatIllegalArgumentException().isThrownBy(() -> secrets.fingerprint("other"));
	}

	@Test
	void propertiesDoNotShowTheKey() {
		assertThat(new RedactionProperties(KEY).toString()).doesNotContain(KEY);
	}

	/** An independent HMAC, with the JDK directly. */
	static final class Hmac {

		static String hex(String key, String value) {
			try {
				Mac mac = Mac.getInstance("HmacSHA256");
				mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
				return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
