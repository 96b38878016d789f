package dev.credbroker.access;

import java.util.ArrayList;
import java.util.Collections;
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
 * @param asked what the caller asked for, as it spelt it, for the audit record
 */
public record FieldRequest(List<FieldPattern> fields, List<FieldPattern> reveal, Asked asked) {

	/** The query parameter that narrows the view. */
	public static final String FIELDS = "fields";

	/** The query parameter that asks for fields in clear. */
	public static final String REVEAL = "reveal";

	/** The most names or patterns one parameter may list. */
	public static final int MAX_PATTERNS = 32;

	/** A request that asks for every field it may read, and none in clear. */
	public static final FieldRequest ALL = new FieldRequest(List.of(), List.of(), new Asked(List.of(), List.of()));

	/**
	 * What a request asked for, as the caller spelt it: at most {@value #MAX_PATTERNS} items of each
	 * parameter, each cut to {@value FieldPattern#MAX_LENGTH} characters.
	 *
	 * @param fields the items of {@code fields}
	 * @param reveal the items of {@code reveal}
	 */
	public record Asked(List<String> fields, List<String> reveal) {
	}

	/**
	 * Parses both parameters: the one reading of {@code fields} and {@code reveal} that the decision
	 * and the audit record share.
	 * @param fields the values of {@code fields}, each a comma-separated list; null when absent
	 * @param reveal the values of {@code reveal}, likewise
	 * @return the request
	 * @throws InvalidParameterException naming the parameter, if one is over a limit or not a pattern
	 */
	public static FieldRequest parse(@Nullable List<String> fields, @Nullable List<String> reveal) {
		List<String> fieldItems = items(fields);
		List<String> revealItems = items(reveal);
		return new FieldRequest(patterns(FIELDS, fieldItems), patterns(REVEAL, revealItems),
				bounded(fieldItems, revealItems));
	}

	/**
	 * What a request asked for, for the audit record of a request that never reached the use case
	 * (unauthenticated, or refused for its path): the same reading as {@link #parse}, without the
	 * patterns.
	 * @param fields the values of {@code fields}; null when absent
	 * @param reveal the values of {@code reveal}; null when absent
	 * @return what it asked
	 */
	public static Asked asked(@Nullable List<String> fields, @Nullable List<String> reveal) {
		return bounded(items(fields), items(reveal));
	}

	private static Asked bounded(List<String> fields, List<String> reveal) {
		return new Asked(bounded(fields), bounded(reveal));
	}

	private static List<String> bounded(List<String> items) {
		if (items.isEmpty()) {
			return List.of();
		}
		int count = Math.min(items.size(), MAX_PATTERNS);
		List<String> bounded = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			String item = items.get(i);
			bounded.add((item.length() > FieldPattern.MAX_LENGTH) ? item.substring(0, FieldPattern.MAX_LENGTH) : item);
		}
		return Collections.unmodifiableList(bounded);
	}

	/**
	 * The non-blank items of every value, in order; one more than {@value #MAX_PATTERNS} at most, so
	 * that a request over the limit is known to be, at the cost of reading no further.
	 */
	private static List<String> items(@Nullable List<String> values) {
		if (values == null) {
			return List.of();
		}
		List<String> items = new ArrayList<>();
		for (String value : values) {
			int begin = 0;
			while (begin <= value.length() && items.size() <= MAX_PATTERNS) {
				int comma = value.indexOf(',', begin);
				int end = (comma < 0) ? value.length() : comma;
				String item = value.substring(begin, end).strip();
				if (!item.isEmpty()) {
					items.add(item);
				}
				begin = end + 1;
			}
		}
		return items;
	}

	private static List<FieldPattern> patterns(String parameter, List<String> items) {
		if (items.size() > MAX_PATTERNS) {
			throw new InvalidParameterException(parameter, "at most " + MAX_PATTERNS + " names or patterns in all");
		}
		List<FieldPattern> patterns = new ArrayList<>(items.size());
		for (String item : items) {
			patterns.add(pattern(parameter, item));
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
