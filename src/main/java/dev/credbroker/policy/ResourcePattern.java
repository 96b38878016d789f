package dev.credbroker.policy;

import java.util.List;

/**
 * A pattern of ARM resource ids: {@code *} matches any characters within one segment, {@code **}
 * any number of whole segments. ARM ids are case-insensitive, so matching is too, but only for
 * ASCII letters: patterns and ids are ASCII, so no Unicode case folding can make a name match a
 * broader pattern than it spells. Matched segment by segment by {@link PartMatcher}, never by a
 * regular expression.
 */
final class ResourcePattern {

	/** The longest pattern, in characters. */
	static final int MAX_LENGTH = 1024;

	/**
	 * The most segments a pattern may have. The longest id the broker matches, a compute's, has
	 * ten; the cap leaves room for any ARM id while bounding what one match can cost.
	 */
	static final int MAX_SEGMENTS = 32;

	private final String text;

	private final PartMatcher segments;

	private ResourcePattern(String text, PartMatcher segments) {
		this.text = text;
		this.segments = segments;
	}

	static ResourcePattern parse(String text) {
		if (!text.startsWith("/") || text.length() > MAX_LENGTH) {
			throw new IllegalArgumentException(
					"'" + text + "' is not a resource pattern: it must start with '/' and have at most " + MAX_LENGTH
							+ " characters");
		}
		List<String> segments = PartMatcher.split(text.substring(1), '/');
		if (segments.size() > MAX_SEGMENTS) {
			throw new IllegalArgumentException(
					"'" + text + "' is not a resource pattern: it has more than " + MAX_SEGMENTS + " segments");
		}
		for (String segment : segments) {
			if (!isSegment(segment)) {
				throw new IllegalArgumentException("'" + text
						+ "' is not a resource pattern: segments of letters, digits, '_.()-' and '*', '**' alone in its segment, none empty");
			}
		}
		return new ResourcePattern(text, new PartMatcher(segments, '/', true));
	}

	/** Whether a segment is {@code **}, or letters, digits, {@code _.()-} and single {@code *}s. */
	static boolean isSegment(String segment) {
		if (segment.equals("**")) {
			return true;
		}
		if (segment.isEmpty() || segment.contains("**")) {
			return false;
		}
		for (int i = 0; i < segment.length(); i++) {
			char c = segment.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
					|| c == '.' || c == '(' || c == ')' || c == '*')) {
				return false;
			}
		}
		return true;
	}

	boolean matches(String resourceId) {
		if (resourceId.isEmpty()) {
			return this.segments.matchesNoParts();
		}
		return resourceId.charAt(0) == '/' && this.segments.matches(resourceId, 1);
	}

	@Override
	public String toString() {
		return this.text;
	}

}
