package dev.credbroker.policy;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says plainly why the broker did not start when its policy file is missing or invalid.
 */
class InvalidPolicyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPolicyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidPolicyException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Fix the policy file (its format is in README.md and src/main/resources/policy-schema.json) "
						+ "or point broker.policy.location at a valid one.",
				cause);
	}

}
