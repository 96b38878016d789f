package dev.credbroker.access;

/**
 * A query parameter the API cannot accept; answered with 400 naming it.
 */
public class InvalidParameterException extends RuntimeException {

	private final String parameter;

	private final String reason;

	public InvalidParameterException(String parameter, String reason) {
		super("'" + parameter + "': " + reason);
		this.parameter = parameter;
		this.reason = reason;
	}

	public String parameter() {
		return this.parameter;
	}

	public String reason() {
		return this.reason;
	}

}
