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
public class Fingerprinter {

	private final HmacKey key;

	Fingerprinter(RedactionProperties properties) {
		this.key = HmacKey.orRandom("broker.redaction.fingerprint-key", properties.fingerprintKey(),
				"fingerprints will change on restart and differ between replicas");
	}

	/**
	 * The fingerprint of a value, computed once per value: the value remembers it.
	 * @param value the value
	 * @return {@code hmac-sha256:} and 32 hex characters
	 */
	public String fingerprint(SecretValue value) {
		String known = value.fingerprintBy(this);
		if (known != null) {
			return known;
		}
		byte[] digest = this.key.mac(value.reveal().getBytes(StandardCharsets.UTF_8));
		String fingerprint = "hmac-sha256:" + HexFormat.of().formatHex(digest, 0, 16);
		value.fingerprinted(this, fingerprint);
		return fingerprint;
	}

}
