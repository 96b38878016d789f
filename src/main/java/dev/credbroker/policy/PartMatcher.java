package dev.credbroker.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Matches a text of parts, separated by one character, against a pattern of parts: {@code **}
 * matches any number (zero or more) of whole non-empty parts, any other part exactly one part, each
 * {@code *} in it any characters within that part, the empty string included.
 * <p>
 * No regular expression and no backtracking: the text is read once, part by part, keeping the set
 * of pattern positions reached so far as the bits of a {@code long} (the dynamic programme over
 * pattern parts and text parts, one row at a time). A match costs at most the text's parts times
 * the pattern's, each comparison of one part with one part linear in the part's length times its
 * literals'; patterns are at most {@link #MAX_PARTS} parts, which callers' limits keep far lower.
 * Runs of {@code **} are one {@code **}: they match the same texts.
 */
final class PartMatcher {

	/** The most parts a pattern may have: one bit per position, the end included. */
	static final int MAX_PARTS = Long.SIZE - 1;

	private static final String DOUBLE_STAR = "**";

	private final char separator;

	private final boolean asciiCaseInsensitive;

	/** Each part's literals around its {@code *}s (one literal for a part without); null for {@code **}. */
	private final String[][] literals;

	/** The bit of each {@code **} part's position. */
	private final long doubleStars;

	/** The bit of the end of the pattern: the text matches when its last part reaches it. */
	private final long end;

	/** The positions reached before the text's first part: the start, and past a leading {@code **}. */
	private final long start;

	/**
	 * For {@code r} text parts still to come (index {@code r}, the last index for any number above
	 * the pattern's parts), the positions from which the rest of the pattern can still match that
	 * many: those with no more single parts ahead than {@code r}, and exactly {@code r} unless a
	 * {@code **} lies ahead. The others are dropped as soon as they are reached, so a field with
	 * too few or too many parts is refused before any part is compared, and a pattern with many
	 * parts against a short field keeps only the positions that can still end on its last part.
	 */
	private final long[] viable;

	/**
	 * A matcher of already validated parts.
	 * @param parts the pattern's parts: {@code **}, or characters other than the separator with
	 * single {@code *}s
	 * @param separator the character between parts
	 * @param asciiCaseInsensitive whether {@code A-Z} and {@code a-z} are the same (and no other
	 * letters: no Unicode folding can turn another character into an ASCII one)
	 */
	PartMatcher(List<String> parts, char separator, boolean asciiCaseInsensitive) {
		List<String[]> literals = new ArrayList<>();
		long doubleStars = 0;
		for (String part : parts) {
			if (part.equals(DOUBLE_STAR)) {
				if (!literals.isEmpty() && literals.get(literals.size() - 1) == null) {
					continue;
				}
				doubleStars |= 1L << literals.size();
				literals.add(null);
			}
			else {
				literals.add(split(asciiCaseInsensitive ? asciiLowerCase(part) : part));
			}
		}
		if (literals.size() > MAX_PARTS) {
			throw new IllegalArgumentException("at most " + MAX_PARTS + " parts");
		}
		this.separator = separator;
		this.asciiCaseInsensitive = asciiCaseInsensitive;
		this.literals = literals.toArray(new String[0][]);
		this.doubleStars = doubleStars;
		this.end = 1L << this.literals.length;
		this.start = passDoubleStars(1L);
		this.viable = viable(this.literals);
	}

	private static long[] viable(String[][] literals) {
		int parts = literals.length;
		// need[i]: the single parts from position i on; open[i]: whether a ** lies there or after.
		int[] need = new int[parts + 1];
		boolean[] open = new boolean[parts + 1];
		for (int i = parts - 1; i >= 0; i--) {
			need[i] = need[i + 1] + ((literals[i] != null) ? 1 : 0);
			open[i] = open[i + 1] || literals[i] == null;
		}
		long[] viable = new long[parts + 2];
		for (int remaining = 0; remaining <= parts + 1; remaining++) {
			for (int i = 0; i <= parts; i++) {
				if (need[i] <= remaining && (open[i] || need[i] == remaining)) {
					viable[remaining] |= 1L << i;
				}
			}
		}
		return viable;
	}

	private long viable(int remaining) {
		return this.viable[Math.min(remaining, this.viable.length - 1)];
	}

	/**
	 * Whether the text's parts, from {@code from} to its end, match; there is always at least one
	 * part, perhaps empty.
	 * @param text the text
	 * @param from where its first part starts
	 * @return whether it matches
	 */
	boolean matches(String text, int from) {
		int remaining = 1;
		for (int at = text.indexOf(this.separator, from); at >= 0; at = text.indexOf(this.separator, at + 1)) {
			remaining++;
		}
		long reached = this.start & viable(remaining);
		int begin = from;
		while (reached != 0) {
			int stop = text.indexOf(this.separator, begin);
			if (stop < 0) {
				stop = text.length();
			}
			remaining--;
			reached = step(reached, text, begin, stop) & viable(remaining);
			if (remaining == 0) {
				return (reached & this.end) != 0;
			}
			begin = stop + 1;
		}
		return false;
	}

	/**
	 * Whether a text of no parts at all matches: only a pattern of {@code **} alone does.
	 * @return whether it matches
	 */
	boolean matchesNoParts() {
		return (this.start & this.end) != 0;
	}

	/** The positions reached after the part {@code text[begin, stop)}, from those reached before it. */
	private long step(long reached, String text, int begin, int stop) {
		long next = 0;
		for (long open = reached & ~this.end; open != 0; open &= open - 1) {
			int position = Long.numberOfTrailingZeros(open);
			String[] part = this.literals[position];
			if (part == null) {
				// ** takes one more part, if it is not empty, and stays where it is.
				if (stop > begin) {
					next |= 1L << position;
				}
			}
			else if (glob(part, text, begin, stop)) {
				next |= 1L << (position + 1);
			}
		}
		return passDoubleStars(next);
	}

	/** Adds the positions past each {@code **} reached, which may match no part; runs are collapsed. */
	private long passDoubleStars(long reached) {
		return reached | ((reached & this.doubleStars) << 1);
	}

	/**
	 * Whether {@code text[begin, stop)} matches a part's literals with any characters between them:
	 * the first literal at the start, the last at the end, each other the leftmost after the one
	 * before (with {@code *} the only wildcard, the leftmost is never worse).
	 */
	private boolean glob(String[] part, String text, int begin, int stop) {
		String first = part[0];
		if (part.length == 1) {
			return stop - begin == first.length() && regionEquals(text, begin, first);
		}
		String last = part[part.length - 1];
		int from = begin + first.length();
		int to = stop - last.length();
		if (from > to || !regionEquals(text, begin, first) || !regionEquals(text, to, last)) {
			return false;
		}
		for (int i = 1; i < part.length - 1; i++) {
			int found = indexOf(text, part[i], from, to);
			if (found < 0) {
				return false;
			}
			from = found + part[i].length();
		}
		return true;
	}

	private int indexOf(String text, String literal, int from, int to) {
		for (int at = from; at + literal.length() <= to; at++) {
			if (regionEquals(text, at, literal)) {
				return at;
			}
		}
		return -1;
	}

	private boolean regionEquals(String text, int at, String literal) {
		for (int i = 0; i < literal.length(); i++) {
			char c = text.charAt(at + i);
			if (this.asciiCaseInsensitive) {
				c = asciiLowerCase(c);
			}
			if (c != literal.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Splits a text at each occurrence of a character, keeping empty pieces, as
	 * {@code String.split} with a limit of -1 would, without a regular expression.
	 * @param text the text
	 * @param separator the character
	 * @return the pieces, at least one
	 */
	static List<String> split(String text, char separator) {
		List<String> pieces = new ArrayList<>();
		int begin = 0;
		for (int stop = text.indexOf(separator); stop >= 0; stop = text.indexOf(separator, begin)) {
			pieces.add(text.substring(begin, stop));
			begin = stop + 1;
		}
		pieces.add(text.substring(begin));
		return pieces;
	}

	private static String[] split(String part) {
		return split(part, '*').toArray(new String[0]);
	}

	/** Only {@code A-Z} lowered: no Unicode folding can turn another character into an ASCII one. */
	static String asciiLowerCase(String text) {
		char[] chars = text.toCharArray();
		for (int i = 0; i < chars.length; i++) {
			chars[i] = asciiLowerCase(chars[i]);
		}
		return new String(chars);
	}

	private static char asciiLowerCase(char c) {
		return (c >= 'A' && c <= 'Z') ? (char) (c + ('a' - 'A')) : c;
	}

}
