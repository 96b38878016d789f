package dev.credbroker.policy;

import java.util.List;

/**
 * A policy file that cannot be used. The message says where: the file and, for each problem, its
 * line and column, the team and the entry.
 */
public class InvalidPolicyException extends RuntimeException {

	private final List<String> problems;

	InvalidPolicyException(String message) {
		super(message);
		this.problems = List.of(message);
	}

	/**
	 * A file with problems.
	 * @param source the file, for people
	 * @param problems each problem, {@code line L, column C: entry: reason}
	 */
	InvalidPolicyException(String source, List<String> problems) {
		super("Invalid policy file " + source + ": " + String.join("; ", problems));
		this.problems = List.copyOf(problems);
	}

	/**
	 * Every problem found, each on its own.
	 * @return the problems, in the order of the file; the message alone when the file could not be
	 * read at all
	 */
	public List<String> problems() {
		return this.problems;
	}

}
