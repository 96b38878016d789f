package dev.credbroker.secrets;

import com.fasterxml.jackson.annotation.JsonValue;
import org.jspecify.annotations.Nullable;

/**
 * A value Azure returned from {@code listKeys}. Every such value counts as secret, whatever the
 * specification marks: {@link #toString()} redacts it, and a JSON mapper that meets one by mistake
 * fails rather than writing it out. Views decide what leaves the broker.
 */
public final class SecretValue {

	private final String value;

	/**
	 * This value's fingerprint, kept by the fingerprinter that made it: a cached value is viewed by
	 * every request for it, and each view fingerprints the fields it redacts.
	 */
	private volatile @Nullable Fingerprint fingerprint;

	SecretValue(String value) {
		this.value = value;
	}

	/**
	 * The value in clear, for the one place that may send it: a view that reveals it.
	 * @return the value
	 */
	public String reveal() {
		return this.value;
	}

	public int length() {
		return this.value.length();
	}

	@JsonValue
	private String refuseSerialization() {
		throw new IllegalStateException("A secret value is written only through a view");
	}

	@Nullable String fingerprintBy(Fingerprinter fingerprinter) {
		Fingerprint fingerprint = this.fingerprint;
		return (fingerprint != null && fingerprint.by() == fingerprinter) ? fingerprint.value() : null;
	}

	void fingerprinted(Fingerprinter fingerprinter, String fingerprint) {
		this.fingerprint = new Fingerprint(fingerprinter, fingerprint);
	}

	@Override
	public String toString() {
		return "[redacted]";
	}

	private record Fingerprint(Fingerprinter by, String value) {
	}

}
