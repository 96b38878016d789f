package dev.credbroker.api;

import java.util.ArrayList;
import java.util.List;

import dev.credbroker.policy.FieldPattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code fields} and {@code reveal} query parameters: comma-separated field names or patterns,
 * a parameter given more than once counting as one list. Each is bounded, since every pattern is
 * matched against every candidate field of the request: at most {@value #MAX_PATTERNS} patterns,
 * each at most {@value FieldPattern#MAX_LENGTH} characters in {@value FieldPattern#MAX_PARTS} parts.
 *
 * @param fields the fields the caller asks for; empty for all it may read
 * @param reveal the fields it asks to see in clear
 */
record FieldRequest(List<FieldPattern> fields, List<FieldPattern> reveal) {

	/** The most names or patterns one parameter may list. */
	static final int MAX_PATTERNS = 32;

	/**
	 * Parses both parameters.
	 * @param fields the values of {@code fields}, each a comma-separated list; null when absent
	 * @param reveal the values of {@code reveal}, likewise
	 * @return the request
	 * @throws InvalidParameterException naming the parameter, if one is over a limit or not a pattern
	 */
	static FieldRequest parse(String @Nullable [] fields, String @Nullable [] reveal) {
		return new FieldRequest(patterns("fields", fields), patterns("reveal", reveal));
	}

	private static List<FieldPattern> patterns(String parameter, String @Nullable [] values) {
		if (values == null) {
			return List.of();
		}
		List<FieldPattern> patterns = new ArrayList<>();
		for (String value : values) {
			int begin = 0;
			while (begin <= value.length()) {
				int comma = value.indexOf(',', begin);
				int end = (comma < 0) ? value.length() : comma;
				String item = value.substring(begin, end).strip();
				if (!item.isEmpty()) {
					if (patterns.size() == MAX_PATTERNS) {
						throw new InvalidParameterException(parameter,
								"at most " + MAX_PATTERNS + " names or patterns in all");
					}
					patterns.add(pattern(parameter, item));
				}
				begin = end + 1;
			}
		}
		return List.copyOf(patterns);
	}

	private static FieldPattern pattern(String parameter, String item) {
		try {
			return FieldPattern.parse(item);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidParameterException(parameter, String.valueOf(ex.getMessage()));
		}
	}

}
