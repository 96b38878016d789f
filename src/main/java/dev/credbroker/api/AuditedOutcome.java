package dev.credbroker.api;

import dev.credbroker.access.Outcome;
import jakarta.servlet.ServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Hands a request's {@link Outcome} to its audit record: set once by the handler, read by
 * {@link AuditFilter} when the response is done. The outcome is immutable; a second one for the
 * same request is a bug.
 */
final class AuditedOutcome {

	private static final String ATTRIBUTE = AuditedOutcome.class.getName();

	private AuditedOutcome() {
	}

	/**
	 * Records the outcome of the request for its audit record.
	 * @param request the request
	 * @param outcome its outcome
	 * @param <T> the answer's type
	 * @return the outcome
	 */
	static <T> Outcome<T> of(ServletRequest request, Outcome<T> outcome) {
		if (request.getAttribute(ATTRIBUTE) != null) {
			throw new IllegalStateException("The request already has an outcome");
		}
		request.setAttribute(ATTRIBUTE, outcome);
		return outcome;
	}

	static @Nullable Outcome<?> in(ServletRequest request) {
		return (request.getAttribute(ATTRIBUTE) instanceof Outcome<?> outcome) ? outcome : null;
	}

}
