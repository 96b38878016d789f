package dev.credbroker.policy;

/**
 * A policy file that cannot be used. The message says where: the file, the team, the entry and,
 * when the parser knows it, the line.
 */
public class InvalidPolicyException extends RuntimeException {

	InvalidPolicyException(String message) {
		super(message);
	}

}
