package dev.credbroker.api;

/**
 * A query parameter the API cannot accept; answered with 400 naming it.
 */
class InvalidParameterException extends RuntimeException {

	private final String parameter;

	private final String reason;

	InvalidParameterException(String parameter, String reason) {
		super("'" + parameter + "': " + reason);
		this.parameter = parameter;
		this.reason = reason;
	}

	String parameter() {
		return this.parameter;
	}

	String reason() {
		return this.reason;
	}

}
