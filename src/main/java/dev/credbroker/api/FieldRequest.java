package dev.credbroker.api;

import java.util.ArrayList;
import java.util.List;

import dev.credbroker.policy.FieldPattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code fields} and {@code reveal} query parameters: comma-separated field names or patterns.
 *
 * @param fields the fields the caller asks for; empty for all it may read
 * @param reveal the fields it asks to see in clear
 */
record FieldRequest(List<FieldPattern> fields, List<FieldPattern> reveal) {

	private static final int MAX_PATTERNS = 64;

	static FieldRequest parse(@Nullable String fields, @Nullable String reveal) {
		return new FieldRequest(patterns("fields", fields), patterns("reveal", reveal));
	}

	private static List<FieldPattern> patterns(String parameter, @Nullable String value) {
		List<FieldPattern> patterns = new ArrayList<>();
		if (value == null) {
			return patterns;
		}
		for (String item : value.split(",", -1)) {
			String trimmed = item.strip();
			if (trimmed.isEmpty()) {
				continue;
			}
			if (patterns.size() == MAX_PATTERNS) {
				throw new InvalidParameterException(parameter, "at most " + MAX_PATTERNS + " names or patterns");
			}
			try {
				patterns.add(FieldPattern.parse(trimmed));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidParameterException(parameter, String.valueOf(ex.getMessage()));
			}
		}
		return List.copyOf(patterns);
	}

}
