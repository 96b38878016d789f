package dev.credbroker.support;

import java.util.ArrayList;
import java.util.List;

/**
 * Every string up to a length over an alphabet: for holding a hand-written check to the regular
 * expression it stands for.
 */
public final class ShortStrings {

	private ShortStrings() {
	}

	/**
	 * Every string of at most {@code maxLength} characters of {@code alphabet}, the empty one included.
	 * @param alphabet the characters
	 * @param maxLength the longest length
	 * @return the strings, shortest first
	 */
	public static List<String> upTo(String alphabet, int maxLength) {
		List<String> strings = new ArrayList<>(List.of(""));
		for (int length = 1, from = 0; length <= maxLength; length++) {
			int to = strings.size();
			for (int i = from; i < to; i++) {
				for (char c : alphabet.toCharArray()) {
					strings.add(strings.get(i) + c);
				}
			}
			from = to;
		}
		return strings;
	}

}
