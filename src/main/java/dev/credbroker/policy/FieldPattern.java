package dev.credbroker.policy;

import java.util.regex.Pattern;

/**
 * A secret field name or a pattern of them: parts separated by dots, {@code *} matching within one
 * part and {@code **} any number of whole parts. Field names are case-sensitive.
 */
public final class FieldPattern {

	private static final Pattern PART = Pattern.compile("\\*\\*|[A-Za-z0-9_*-]+");

	private static final int MAX_LENGTH = 128;

	private final String text;

	private final Pattern regex;

	private FieldPattern(String text, Pattern regex) {
		this.text = text;
		this.regex = regex;
	}

	/**
	 * Parses a field name or pattern.
	 * @param text the pattern, such as {@code containerRegistry.passwords.*}
	 * @return the pattern
	 * @throws IllegalArgumentException if it is not one, with a message that says why
	 */
	public static FieldPattern parse(String text) {
		if (text.isEmpty() || text.length() > MAX_LENGTH) {
			throw new IllegalArgumentException("a field pattern has 1 to " + MAX_LENGTH + " characters");
		}
		// Matched against the field name with a leading dot, so that every part, the first
		// included, is a dot followed by its text.
		StringBuilder regex = new StringBuilder();
		for (String part : text.split("\\.", -1)) {
			if (!PART.matcher(part).matches() || (part.contains("**") && !part.equals("**"))) {
				throw new IllegalArgumentException("'" + text
						+ "' is not a field pattern: parts of letters, digits, '_', '-' and '*' separated by dots, '**' alone in its part");
			}
			regex.append(part.equals("**") ? "(?:\\.[^.]+)*" : "\\." + ResourcePattern.quote(part, "."));
		}
		return new FieldPattern(text, Pattern.compile(regex.toString()));
	}

	public boolean matches(String field) {
		return this.regex.matcher("." + field).matches();
	}

	/**
	 * Whether this is a plain field name rather than a pattern.
	 * @return {@code true} for a name without wildcards
	 */
	public boolean isName() {
		return this.text.indexOf('*') < 0;
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof FieldPattern pattern) && this.text.equals(pattern.text);
	}

	@Override
	public int hashCode() {
		return this.text.hashCode();
	}

	@Override
	public String toString() {
		return this.text;
	}

}
