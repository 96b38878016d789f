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
				"Fix the policy file (its format is in docs/policies.md and docs/policy-schema.json; "
						+ "'java -jar credential-broker.jar policy-check FILE' lists every problem) "
						+ "or point broker.policy.location at a valid one.",
				cause);
	}

}
