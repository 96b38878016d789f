package dev.credbroker.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * An HMAC-SHA256 key of the broker's: the fingerprint key, the audit chain's key. Configured as a
 * property, whose UTF-8 bytes are the key, set from the environment or from a mounted file
 * ({@code spring.config.import=configtree:…}, a file named as the property); at least 32 bytes.
 * Safe across threads.
 */
public final class HmacKey {

	private static final Log logger = LogFactory.getLog(HmacKey.class);

	/** The shortest key accepted: as long as the MAC, as RFC 2104 recommends. */
	public static final int MIN_BYTES = 32;

	private static final String ALGORITHM = "HmacSHA256";

	private final SecretKeySpec key;

	/**
	 * A MAC initialised with the key, never used itself: each MAC is a clone, which costs a copy of
	 * its state rather than a provider lookup and a key set-up, and keeps MACs safe across threads,
	 * since a Mac is not.
	 */
	private final @Nullable Mac prototype;

	/**
	 * A key of the given bytes.
	 * @param key the key, at least {@value #MIN_BYTES} bytes
	 * @throws IllegalArgumentException if it is shorter
	 */
	public HmacKey(byte[] key) {
		if (key.length < MIN_BYTES) {
			throw new IllegalArgumentException("an HMAC key must have at least " + MIN_BYTES + " bytes");
		}
		this.key = new SecretKeySpec(key, ALGORITHM);
		this.prototype = prototype(this.key);
	}

	/**
	 * The configured key or, when there is none, a random one, with a warning of what that costs.
	 * @param property the property's name, for messages
	 * @param configured its value
	 * @param withoutIt what a random key costs, completing "using a random key, so"
	 * @return the key
	 * @throws IllegalStateException if the configured key is too short
	 */
	public static HmacKey orRandom(String property, @Nullable String configured, String withoutIt) {
		if (configured == null || configured.isEmpty()) {
			logger.warn(property + " is not set: using a random key, so " + withoutIt);
			byte[] random = new byte[MIN_BYTES];
			new SecureRandom().nextBytes(random);
			return new HmacKey(random);
		}
		return of(property, configured);
	}

	/**
	 * The configured key, which must be there.
	 * @param property the property's name, for messages
	 * @param configured its value
	 * @param why why it is required, completing "… is not set, and"
	 * @return the key
	 * @throws IllegalStateException if it is missing or too short
	 */
	public static HmacKey required(String property, @Nullable String configured, String why) {
		if (configured == null || configured.isEmpty()) {
			throw new IllegalStateException(property + " is not set, and " + why + ": set it (at least " + MIN_BYTES
					+ " bytes) from the environment or a mounted Secret file");
		}
		return of(property, configured);
	}

	private static HmacKey of(String property, String configured) {
		byte[] bytes = configured.getBytes(StandardCharsets.UTF_8);
		if (bytes.length < MIN_BYTES) {
			throw new IllegalStateException(property + " must have at least " + MIN_BYTES + " bytes");
		}
		return new HmacKey(bytes);
	}

	/**
	 * The MAC of part of an array.
	 * @param bytes the array
	 * @param offset where the part starts
	 * @param length its length
	 * @return the MAC, 32 bytes
	 */
	public byte[] mac(byte[] bytes, int offset, int length) {
		Mac mac = newMac();
		mac.update(bytes, offset, length);
		return mac.doFinal();
	}

	/**
	 * The MAC of an array.
	 * @param bytes the array
	 * @return the MAC, 32 bytes
	 */
	public byte[] mac(byte[] bytes) {
		return mac(bytes, 0, bytes.length);
	}

	private Mac newMac() {
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

	@Override
	public String toString() {
		return "HmacKey[redacted]";
	}

}
