package dev.credbroker.policy;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A secret field name or a pattern of them: parts separated by dots, {@code *} matching within one
 * part and {@code **} any number of whole parts. Field names are case-sensitive.
 */
public final class FieldPattern {

	/** What a part may be; {@link #isPart} checks it without a matcher, since every request parses its patterns. */
	static final Pattern PART = Pattern.compile("\\*\\*|[A-Za-z0-9_*-]+");

	private static final int MAX_LENGTH = 128;

	private final String text;

	/**
	 * How the pattern is matched. Every request matches each field against its grants' patterns, so
	 * the usual shapes are matched with string operations, and only the rest with the regular
	 * expression, which is compiled only for them.
	 */
	private final Shape shape;

	/** The literal before {@code .*} or {@code .**}, for those shapes. */
	private final String prefix;

	private final @Nullable Pattern regex;

	private FieldPattern(String text, Shape shape, String prefix, @Nullable Pattern regex) {
		this.text = text;
		this.shape = shape;
		this.prefix = prefix;
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
		String[] parts = text.split("\\.", -1);
		for (String part : parts) {
			if (!isPart(part)) {
				throw new IllegalArgumentException("'" + text
						+ "' is not a field pattern: parts of letters, digits, '_', '-' and '*' separated by dots, '**' alone in its part");
			}
		}
		int star = text.indexOf('*');
		if (star < 0) {
			return new FieldPattern(text, Shape.NAME, text, null);
		}
		if (text.equals("**")) {
			return new FieldPattern(text, Shape.ANY, "", null);
		}
		if (text.endsWith(".**") && star == text.length() - 2) {
			return new FieldPattern(text, Shape.SUBTREE, text.substring(0, text.length() - 3), null);
		}
		if (text.endsWith(".*") && star == text.length() - 1) {
			return new FieldPattern(text, Shape.CHILD, text.substring(0, text.length() - 2), null);
		}
		return new FieldPattern(text, Shape.REGEX, "", regex(parts));
	}

	/** Whether a part matches {@link #PART} and has {@code **} only alone. */
	static boolean isPart(String part) {
		if (part.equals("**")) {
			return true;
		}
		if (part.isEmpty() || part.contains("**")) {
			return false;
		}
		for (int i = 0; i < part.length(); i++) {
			char c = part.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
					|| c == '*')) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The pattern as a regular expression, matched against the field name with a leading dot, so
	 * that every part, the first included, is a dot followed by its text.
	 */
	private static Pattern regex(String[] parts) {
		StringBuilder regex = new StringBuilder();
		for (String part : parts) {
			regex.append(part.equals("**") ? "(?:\\.[^.]+)*" : "\\." + ResourcePattern.quote(part, "."));
		}
		return Pattern.compile(regex.toString());
	}

	public boolean matches(String field) {
		return switch (this.shape) {
			case NAME -> this.text.equals(field);
			case ANY -> partsNonEmpty(field, 0);
			case SUBTREE -> field.startsWith(this.prefix) && (field.length() == this.prefix.length()
					|| (field.charAt(this.prefix.length()) == '.' && partsNonEmpty(field, this.prefix.length() + 1)));
			case CHILD -> field.length() > this.prefix.length() && field.startsWith(this.prefix)
					&& field.charAt(this.prefix.length()) == '.' && field.indexOf('.', this.prefix.length() + 1) < 0;
			case REGEX -> matchesRegex(field);
		};
	}

	/** The regular expression's answer, whatever the shape: what {@link #matches} must agree with. */
	boolean matchesRegex(String field) {
		Pattern regex = (this.regex != null) ? this.regex : regex(this.text.split("\\.", -1));
		return regex.matcher("." + field).matches();
	}

	/** Whether {@code field} from {@code start} is one or more non-empty parts separated by dots. */
	private static boolean partsNonEmpty(String field, int start) {
		int length = field.length();
		if (start >= length || field.charAt(start) == '.' || field.charAt(length - 1) == '.') {
			return false;
		}
		return field.indexOf("..", start) < 0;
	}

	/**
	 * Whether this is a plain field name rather than a pattern.
	 * @return {@code true} for a name without wildcards
	 */
	public boolean isName() {
		return this.shape == Shape.NAME;
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

	private enum Shape {

		/** No wildcard: the name itself. */
		NAME,

		/** {@code **}: any field. */
		ANY,

		/** {@code prefix.**}: the prefix and any field under it. */
		SUBTREE,

		/** {@code prefix.*}: any field one part under the prefix. */
		CHILD,

		/** Anything else. */
		REGEX

	}

}
