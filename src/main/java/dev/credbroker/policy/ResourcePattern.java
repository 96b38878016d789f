package dev.credbroker.policy;

import java.util.regex.Pattern;

/**
 * A pattern of ARM resource ids: {@code *} matches any characters within one segment, {@code **}
 * any number of whole segments. ARM ids are case-insensitive, so matching is too, but only for
 * ASCII letters: patterns and ids are ASCII, so no Unicode case folding can make a name match a
 * broader pattern than it spells.
 */
final class ResourcePattern {

	private static final Pattern SEGMENT = Pattern.compile("\\*\\*|[A-Za-z0-9_.()*-]+");

	private final String text;

	private final Pattern regex;

	private ResourcePattern(String text, Pattern regex) {
		this.text = text;
		this.regex = regex;
	}

	static ResourcePattern parse(String text) {
		if (!text.startsWith("/") || text.length() > 1024) {
			throw new IllegalArgumentException("'" + text + "' is not a resource pattern: it must start with '/'");
		}
		String[] segments = text.substring(1).split("/", -1);
		StringBuilder regex = new StringBuilder();
		for (String segment : segments) {
			if (!SEGMENT.matcher(segment).matches() || (segment.contains("**") && !segment.equals("**"))) {
				throw new IllegalArgumentException("'" + text
						+ "' is not a resource pattern: segments of letters, digits, '_.()-' and '*', '**' alone in its segment, none empty");
			}
			if (segment.equals("**")) {
				regex.append("(?:/[^/]+)*");
			}
			else {
				regex.append('/').append(quote(asciiLowerCase(segment), "/"));
			}
		}
		// Literals in lower case, matched against the id in lower case, ASCII letters only: what
		// CASE_INSENSITIVE did, without folding both sides of every character at every grant.
		return new ResourcePattern(text, Pattern.compile(regex.toString()));
	}

	boolean matches(String resourceId) {
		return this.regex.matcher(asciiLowerCase(resourceId)).matches();
	}

	/** Only {@code A-Z} lowered: no Unicode folding can turn another character into an ASCII one. */
	static String asciiLowerCase(String text) {
		int first = 0;
		while (first < text.length() && (text.charAt(first) < 'A' || text.charAt(first) > 'Z')) {
			first++;
		}
		if (first == text.length()) {
			return text;
		}
		char[] chars = text.toCharArray();
		for (int i = first; i < chars.length; i++) {
			if (chars[i] >= 'A' && chars[i] <= 'Z') {
				chars[i] = (char) (chars[i] + ('a' - 'A'));
			}
		}
		return new String(chars);
	}

	/** A segment's literal text, quoted, with each {@code *} matching within the segment. */
	static String quote(String segment, String separator) {
		StringBuilder quoted = new StringBuilder();
		String[] literals = segment.split("\\*", -1);
		for (int i = 0; i < literals.length; i++) {
			if (i > 0) {
				quoted.append("[^").append(separator).append("]*");
			}
			if (!literals[i].isEmpty()) {
				quoted.append(Pattern.quote(literals[i]));
			}
		}
		return quoted.toString();
	}

	@Override
	public String toString() {
		return this.text;
	}

}
