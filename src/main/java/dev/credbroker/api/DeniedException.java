package dev.credbroker.api;

import dev.credbroker.policy.Decision;

/**
 * A request the policy denies; answered with 403 before Azure is called.
 */
class DeniedException extends RuntimeException {

	private final Decision decision;

	DeniedException(Decision decision) {
		super("Denied: " + decision.reason().value());
		this.decision = decision;
	}

	Decision decision() {
		return this.decision;
	}

}
