package dev.credbroker.secrets;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A value Azure returned from {@code listKeys}. Every such value counts as secret, whatever the
 * specification marks: {@link #toString()} redacts it, and a JSON mapper that meets one by mistake
 * fails rather than writing it out. Views decide what leaves the broker.
 */
public final class SecretValue {

	private final String value;

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

	@Override
	public String toString() {
		return "[redacted]";
	}

}
