package dev.credbroker.secrets;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import dev.credbroker.crypto.HmacKey;

import org.springframework.stereotype.Component;

/**
 * Fingerprints secret values: {@code hmac-sha256:} and the first 32 hex characters of their
 * HMAC-SHA256 under a key of the broker's. A team can tell whether a key rotated without seeing
 * it; without the broker's key, a fingerprint cannot be checked against guesses.
 */
@Component
class Fingerprinter {

	private final HmacKey key;

	Fingerprinter(RedactionProperties properties) {
		this.key = HmacKey.orRandom("broker.redaction.fingerprint-key", properties.fingerprintKey(),
				"fingerprints will change on restart and differ between replicas");
	}

	/**
	 * The fingerprint of a value. Made once per value that Azure returns (see
	 * {@link ResourceSecrets#of}), not per view, so that a cached answer is not fingerprinted again
	 * by every request for it.
	 * @param value the value
	 * @return {@code hmac-sha256:} and 32 hex characters
	 */
	String fingerprint(SecretValue value) {
		byte[] digest = this.key.mac(value.reveal().getBytes(StandardCharsets.UTF_8));
		return "hmac-sha256:" + HexFormat.of().formatHex(digest, 0, 16);
	}

}
