package dev.credbroker.access;

import dev.credbroker.policy.Decision;

/**
 * A request the policy denies, decided before Azure is called.
 */
public class DeniedException extends RuntimeException {

	private final Decision decision;

	DeniedException(Decision decision) {
		super("Denied: " + decision.reason().value());
		this.decision = decision;
	}

	public Decision decision() {
		return this.decision;
	}

}
