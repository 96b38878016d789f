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

	/**
	 * A MAC initialised with the key, never used itself: each fingerprint uses a clone, which costs
	 * a copy of its state rather than a provider lookup and a key set-up (a view fingerprints every
	 * field it redacts), and keeps fingerprints safe across threads, since a Mac is not.
	 */
	private final @Nullable Mac prototype;

	Fingerprinter(RedactionProperties properties) {
		this.key = new SecretKeySpec(keyBytes(properties.fingerprintKey()), ALGORITHM);
		this.prototype = prototype(this.key);
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
		byte[] digest = mac().doFinal(value.reveal().getBytes(StandardCharsets.UTF_8));
		String fingerprint = "hmac-sha256:" + HexFormat.of().formatHex(digest, 0, 16);
		value.fingerprinted(this, fingerprint);
		return fingerprint;
	}

	private Mac mac() {
		if (this.prototype != null) {
			try {
				return (Mac) this.prototype.clone();
			}
			catch (CloneNotSupportedException ex) {
				// A provider whose MAC cannot be cloned: set one up each time.
			}
		}
		return newMac(this.key);
	}

	private static @Nullable Mac prototype(SecretKeySpec key) {
		Mac mac = newMac(key);
		try {
			mac.clone();
			return mac;
		}
		catch (CloneNotSupportedException ex) {
			return null;
		}
	}

	private static Mac newMac(SecretKeySpec key) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(key);
			return mac;
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
