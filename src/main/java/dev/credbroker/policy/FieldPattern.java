package dev.credbroker.policy;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A secret field name or a pattern of them: parts separated by dots, {@code *} matching within one
 * part and {@code **} any number of whole parts. Field names are case-sensitive.
 * <p>
 * Patterns come from callers ({@code fields}, {@code reveal}) as well as from the policy, so none
 * is ever a regular expression: {@link PartMatcher} reads a field once, part by part, and a
 * pattern is at most {@value #MAX_LENGTH} characters in at most {@value #MAX_PARTS} parts.
 */
public final class FieldPattern {

	/** The longest pattern, in characters. */
	public static final int MAX_LENGTH = 128;

	/** The most parts a pattern may have. */
	public static final int MAX_PARTS = 16;

	private final String text;

	/**
	 * How the pattern is matched. Every request matches each field against its grants' patterns, so
	 * the usual shapes are matched with string operations, and only the rest part by part.
	 */
	private final Shape shape;

	/** The literal before {@code .*} or {@code .**}, for those shapes. */
	private final String prefix;

	private final @Nullable PartMatcher parts;

	private FieldPattern(String text, Shape shape, String prefix, @Nullable PartMatcher parts) {
		this.text = text;
		this.shape = shape;
		this.prefix = prefix;
		this.parts = parts;
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
		List<String> parts = PartMatcher.split(text, '.');
		if (parts.size() > MAX_PARTS) {
			throw new IllegalArgumentException("a field pattern has at most " + MAX_PARTS + " parts");
		}
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
		return new FieldPattern(text, Shape.PARTS, "", new PartMatcher(parts, '.', false));
	}

	/** Whether a part is {@code **}, or letters, digits, {@code _-} and single {@code *}s. */
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

	public boolean matches(String field) {
		return switch (this.shape) {
			case NAME -> this.text.equals(field);
			case ANY -> partsNonEmpty(field, 0);
			case SUBTREE -> field.startsWith(this.prefix) && (field.length() == this.prefix.length()
					|| (field.charAt(this.prefix.length()) == '.' && partsNonEmpty(field, this.prefix.length() + 1)));
			case CHILD -> field.length() > this.prefix.length() && field.startsWith(this.prefix)
					&& field.charAt(this.prefix.length()) == '.' && field.indexOf('.', this.prefix.length() + 1) < 0;
			case PARTS -> matchesParts(field);
		};
	}

	private boolean matchesParts(String field) {
		PartMatcher parts = this.parts;
		return parts != null && parts.matches(field, 0);
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

		/** Anything else: part by part. */
		PARTS

	}

}
