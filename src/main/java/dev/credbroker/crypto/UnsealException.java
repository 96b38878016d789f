package dev.credbroker.crypto;

import java.util.Locale;

/**
 * A sealed value that cannot be opened. Says why, never what it held.
 */
public class UnsealException extends RuntimeException {

	private final Reason reason;

	UnsealException(Reason reason) {
		super("Sealed value refused: " + reason.value());
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	/**
	 * Why a sealed value was refused.
	 */
	public enum Reason {

		/** Too short, or of an unknown version. */
		MALFORMED,

		/** Sealed under a key that is neither the current nor the previous one. */
		UNKNOWN_KEY,

		/** Altered, or bound to other associated data: copied under another name. */
		NOT_AUTHENTIC;

		/** @return the reason as a metric tag: lower case, dashes */
		public String value() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

	}

}
