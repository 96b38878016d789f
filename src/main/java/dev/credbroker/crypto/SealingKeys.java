package dev.credbroker.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * AES-256-GCM keys that seal what the broker leaves outside its memory (the fleet's shared cache):
 * the current key seals, the current or the previous one opens, so that the key can be rotated
 * without dropping what the fleet holds. Each sealed value names its key by an id derived from the
 * key (never the key), and is bound to associated data, so that a value copied under another name
 * does not open. Safe across threads.
 * <p>
 * A sealed value is: a version byte ({@code 1}), the key id (4 bytes), a random 96-bit nonce, then
 * the ciphertext and its 128-bit tag; the version and the key id are authenticated with the
 * associated data.
 */
public final class SealingKeys {

	/** The key's length: AES-256. */
	public static final int KEY_BYTES = 32;

	private static final byte VERSION = 1;

	private static final int ID_BYTES = 4;

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final int HEADER = 1 + ID_BYTES + NONCE_BYTES;

	private static final SecureRandom random = new SecureRandom();

	private final Key current;

	private final @Nullable Key previous;

	/**
	 * Keys of the given bytes.
	 * @param current the key that seals, 32 bytes
	 * @param previous the key before it, which still opens, 32 bytes; or {@code null}
	 * @throws IllegalArgumentException if a key is not 32 bytes, or both are the same
	 */
	public SealingKeys(byte[] current, byte @Nullable [] previous) {
		this.current = new Key(current);
		this.previous = (previous != null) ? new Key(previous) : null;
		if (this.previous != null && Arrays.equals(this.current.id, this.previous.id)) {
			throw new IllegalArgumentException("the previous sealing key is the current one");
		}
	}

	/**
	 * A key from its text: the Base64 of 32 bytes, as {@code openssl rand -base64 32} makes it,
	 * surrounding white space ignored.
	 * @param what the key's name, for messages
	 * @param text the text
	 * @return the key's bytes
	 * @throws IllegalArgumentException if the text is not the Base64 of 32 bytes; the message
	 * never quotes it
	 */
	public static byte[] decode(String what, String text) {
		byte[] key;
		try {
			key = Base64.getDecoder().decode(text.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(what + " is not Base64 (make one with: openssl rand -base64 32)");
		}
		if (key.length != KEY_BYTES) {
			throw new IllegalArgumentException(what + " must be " + KEY_BYTES + " bytes, Base64-encoded, not "
					+ key.length + " (make one with: openssl rand -base64 32)");
		}
		return key;
	}

	/**
	 * The current key's id, for logs: it says which key seals without saying anything of it.
	 * @return 8 hex characters
	 */
	public String currentId() {
		return HexFormat.of().formatHex(this.current.id);
	}

	/**
	 * Seals a value under the current key.
	 * @param plaintext the value
	 * @param associatedData what the value is bound to, such as the name it is stored under
	 * @return the sealed value
	 */
	public byte[] seal(byte[] plaintext, byte[] associatedData) {
		byte[] sealed = new byte[HEADER + plaintext.length + TAG_BITS / 8];
		sealed[0] = VERSION;
		System.arraycopy(this.current.id, 0, sealed, 1, ID_BYTES);
		byte[] nonce = new byte[NONCE_BYTES];
		random.nextBytes(nonce);
		System.arraycopy(nonce, 0, sealed, 1 + ID_BYTES, NONCE_BYTES);
		try {
			Cipher cipher = this.current.cipher(Cipher.ENCRYPT_MODE, nonce);
			cipher.updateAAD(sealed, 0, 1 + ID_BYTES);
			cipher.updateAAD(associatedData);
			cipher.doFinal(plaintext, 0, plaintext.length, sealed, HEADER);
			return sealed;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is unavailable", ex);
		}
	}

	/**
	 * Opens a sealed value.
	 * @param sealed the sealed value
	 * @param associatedData what it must be bound to
	 * @return the value
	 * @throws UnsealException if it is malformed, sealed under a key that is neither the current
	 * nor the previous one, or not authentic (altered, or bound to other data)
	 */
	public byte[] open(byte[] sealed, byte[] associatedData) {
		if (sealed.length < HEADER + TAG_BITS / 8 || sealed[0] != VERSION) {
			throw new UnsealException(UnsealException.Reason.MALFORMED);
		}
		Key key = keyOf(sealed);
		if (key == null) {
			throw new UnsealException(UnsealException.Reason.UNKNOWN_KEY);
		}
		try {
			Cipher cipher = key.cipher(Cipher.DECRYPT_MODE, Arrays.copyOfRange(sealed, 1 + ID_BYTES, HEADER));
			cipher.updateAAD(sealed, 0, 1 + ID_BYTES);
			cipher.updateAAD(associatedData);
			return cipher.doFinal(sealed, HEADER, sealed.length - HEADER);
		}
		catch (AEADBadTagException ex) {
			throw new UnsealException(UnsealException.Reason.NOT_AUTHENTIC);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is unavailable", ex);
		}
	}

	private @Nullable Key keyOf(byte[] sealed) {
		ByteBuffer id = ByteBuffer.wrap(sealed, 1, ID_BYTES);
		if (id.equals(ByteBuffer.wrap(this.current.id))) {
			return this.current;
		}
		if (this.previous != null && id.equals(ByteBuffer.wrap(this.previous.id))) {
			return this.previous;
		}
		return null;
	}

	@Override
	public String toString() {
		return "SealingKeys[current=" + currentId() + ", previous=" + ((this.previous != null) ? "set" : "none") + "]";
	}

	private static final class Key {

		private final SecretKeySpec key;

		/** The first bytes of a hash of the key, under a label of its own: names it, reveals nothing. */
		private final byte[] id;

		Key(byte[] key) {
			if (key.length != KEY_BYTES) {
				throw new IllegalArgumentException("an AES-256 key has " + KEY_BYTES + " bytes");
			}
			this.key = new SecretKeySpec(key, "AES");
			try {
				MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
				sha256.update("credential-broker sealing key id".getBytes(StandardCharsets.US_ASCII));
				this.id = Arrays.copyOf(sha256.digest(key), ID_BYTES);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("SHA-256 is unavailable", ex);
			}
		}

		Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(mode, this.key, new GCMParameterSpec(TAG_BITS, nonce));
			return cipher;
		}

	}

}
