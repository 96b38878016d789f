package dev.credbroker.policy;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The patterns' meaning as the regular expressions the broker once compiled them to, kept here as
 * the specification that {@link PartMatcher} must agree with. Never used by the broker: a
 * backtracking expression of {@code **} parts is what let one request burn seconds of CPU.
 */
final class RegexSpec {

	/** What a field pattern's part may be, with the rule that {@code **} stands alone. */
	static final Pattern FIELD_PART = Pattern.compile("\\*\\*|[A-Za-z0-9_*-]+");

	/** What a resource pattern's segment may be, with the same rule. */
	static final Pattern RESOURCE_SEGMENT = Pattern.compile("\\*\\*|[A-Za-z0-9_.()*-]+");

	private RegexSpec() {
	}

	static boolean isFieldPart(String part) {
		return FIELD_PART.matcher(part).matches() && (!part.contains("**") || part.equals("**"));
	}

	static boolean isResourceSegment(String segment) {
		return RESOURCE_SEGMENT.matcher(segment).matches() && (!segment.contains("**") || segment.equals("**"));
	}

	/** A field pattern's answer: the field with a leading dot, so that every part is a dot and its text. */
	static Predicate<String> field(String pattern) {
		StringBuilder regex = new StringBuilder();
		for (String part : pattern.split("\\.", -1)) {
			regex.append(part.equals("**") ? "(?:\\.[^.]+)*" : "\\." + quote(part, "."));
		}
		Pattern compiled = Pattern.compile(regex.toString());
		return (field) -> compiled.matcher("." + field).matches();
	}

	/** A resource pattern's answer: literals and id lowered, ASCII letters only. */
	static Predicate<String> resource(String pattern) {
		StringBuilder regex = new StringBuilder();
		for (String segment : pattern.substring(1).split("/", -1)) {
			regex.append(segment.equals("**") ? "(?:/[^/]+)*" : "/" + quote(asciiLowerCase(segment), "/"));
		}
		Pattern compiled = Pattern.compile(regex.toString());
		return (resourceId) -> compiled.matcher(asciiLowerCase(resourceId)).matches();
	}

	/**
	 * A specification's answers for each of a list of subjects.
	 * @param spec the specification
	 * @param subjects the subjects
	 * @return the answers, in the subjects' order
	 */
	static boolean[] answers(Predicate<String> spec, List<String> subjects) {
		boolean[] answers = new boolean[subjects.size()];
		for (int i = 0; i < answers.length; i++) {
			answers[i] = spec.test(subjects.get(i));
		}
		return answers;
	}

	private static String quote(String part, String separator) {
		StringBuilder quoted = new StringBuilder();
		String[] literals = part.split("\\*", -1);
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

	private static String asciiLowerCase(String text) {
		char[] chars = text.toCharArray();
		for (int i = 0; i < chars.length; i++) {
			if (chars[i] >= 'A' && chars[i] <= 'Z') {
				chars[i] = (char) (chars[i] + ('a' - 'A'));
			}
		}
		return new String(chars);
	}

}
