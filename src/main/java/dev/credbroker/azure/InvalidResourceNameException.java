package dev.credbroker.azure;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Path parameters that do not follow Azure's naming rules, every one of them. The message names
 * the parameters and the rules, never the rejected values.
 */
public class InvalidResourceNameException extends IllegalArgumentException {

	private final List<Violation> violations;

	InvalidResourceNameException(List<Violation> violations) {
		super(violations.stream()
			.map((violation) -> "'" + violation.parameter() + "' must match " + violation.rule())
			.collect(Collectors.joining("; ")));
		this.violations = List.copyOf(violations);
	}

	/**
	 * The parameters that break a rule, in the order of the path.
	 * @return at least one
	 */
	public List<Violation> violations() {
		return this.violations;
	}

	/**
	 * One parameter that breaks its rule.
	 *
	 * @param parameter the parameter's name in the API
	 * @param rule the regular expression its value must match
	 */
	public record Violation(String parameter, String rule) {
	}

}
