package dev.credbroker.policy;

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
		// Checked in place, part by part: a request parses up to 64 patterns (32 in each of fields
		// and reveal), and only those of the last shape need their parts as strings.
		int parts = 0;
		for (int begin = 0; begin <= text.length(); parts++) {
			int dot = text.indexOf('.', begin);
			int end = (dot == -1) ? text.length() : dot;
			if (parts == MAX_PARTS) {
				throw new IllegalArgumentException("a field pattern has at most " + MAX_PARTS + " parts");
			}
			if (!isPart(text, begin, end)) {
				throw new IllegalArgumentException("'" + text
						+ "' is not a field pattern: parts of letters, digits, '_', '-' and '*' separated by dots, '**' alone in its part");
			}
			begin = end + 1;
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
		return new FieldPattern(text, Shape.PARTS, "", new PartMatcher(PartMatcher.split(text, '.'), '.', false));
	}

	/** Whether a part is {@code **}, or letters, digits, {@code _-} and single {@code *}s. */
	static boolean isPart(String part) {
		return isPart(part, 0, part.length());
	}

	private static boolean isPart(String text, int begin, int end) {
		if (end == begin) {
			return false;
		}
		boolean doubleStar = false;
		for (int i = begin; i < end; i++) {
			char c = text.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
					|| c == '*')) {
				return false;
			}
			doubleStar |= c == '*' && i > begin && text.charAt(i - 1) == '*';
		}
		return !doubleStar || end - begin == 2;
	}

	public boolean matches(String field) {
		return switch (this.shape) {
			case NAME -> this.text.equals(field);
			case ANY -> !field.isEmpty() && field.charAt(0) != '.' && noEmptyPartAfter(field, 0);
			case SUBTREE -> field.startsWith(this.prefix) && (field.length() == this.prefix.length()
					|| (field.charAt(this.prefix.length()) == '.' && noEmptyPartAfter(field, this.prefix.length())));
			case CHILD -> field.length() > this.prefix.length() && field.startsWith(this.prefix)
					&& field.charAt(this.prefix.length()) == '.' && field.indexOf('.', this.prefix.length() + 1) == -1;
			case PARTS -> matchesParts(field);
		};
	}

	private boolean matchesParts(String field) {
		PartMatcher parts = this.parts;
		return parts != null && parts.matches(field, 0);
	}

	/**
	 * Whether no part of a non-empty {@code field} after {@code from} is empty: {@code from} is the
	 * start, where there is no dot, or a dot.
	 */
	private static boolean noEmptyPartAfter(String field, int from) {
		return field.charAt(field.length() - 1) != '.' && field.indexOf("..", from) == -1;
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

	/** How it is matched: for tests, which hold the usual shapes to string operations. */
	Shape shape() {
		return this.shape;
	}

	@Override
	public int hashCode() {
		return this.text.hashCode();
	}

	@Override
	public String toString() {
		return this.text;
	}

	enum Shape {

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
