package dev.credbroker.azure;

/**
 * A path parameter that does not follow Azure's naming rules. The message names the parameter and
 * the rule, never the rejected value.
 */
public class InvalidResourceNameException extends IllegalArgumentException {

	private final String parameter;

	private final String rule;

	InvalidResourceNameException(String parameter, String rule) {
		super("'" + parameter + "' must match " + rule);
		this.parameter = parameter;
		this.rule = rule;
	}

	public String parameter() {
		return this.parameter;
	}

	public String rule() {
		return this.rule;
	}

}
