package dev.credbroker.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Fingerprints secret values: {@code hmac-sha256:} and the first 32 hex characters of their
 * HMAC-SHA256 under a key of the broker's. A team can tell whether a key rotated without seeing
 * it; without the broker's key, a fingerprint cannot be checked against guesses.
 */
@Component
public class Fingerprinter {

	private static final Log logger = LogFactory.getLog(Fingerprinter.class);

	static final int MIN_KEY_LENGTH = 32;

	private static final String ALGORITHM = "HmacSHA256";

	private final SecretKeySpec key;

	Fingerprinter(RedactionProperties properties) {
		this.key = new SecretKeySpec(keyBytes(properties.fingerprintKey()), ALGORITHM);
	}

	/**
	 * The fingerprint of a value.
	 * @param value the value
	 * @return {@code hmac-sha256:} and 32 hex characters
	 */
	public String fingerprint(SecretValue value) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			byte[] digest = mac.doFinal(value.reveal().getBytes(StandardCharsets.UTF_8));
			return "hmac-sha256:" + HexFormat.of().formatHex(digest, 0, 16);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is unavailable", ex);
		}
	}

	private static byte[] keyBytes(@Nullable String configured) {
		if (configured == null || configured.isEmpty()) {
			logger.warn("broker.redaction.fingerprint-key is not set: using a random key, so fingerprints will "
					+ "change on restart and differ between replicas");
			byte[] random = new byte[32];
			new SecureRandom().nextBytes(random);
			return random;
		}
		if (configured.length() < MIN_KEY_LENGTH) {
			throw new IllegalStateException(
					"broker.redaction.fingerprint-key must have at least " + MIN_KEY_LENGTH + " characters");
		}
		return configured.getBytes(StandardCharsets.UTF_8);
	}

}
