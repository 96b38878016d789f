package dev.credbroker.api;

import java.util.ArrayList;
import java.util.List;

import dev.credbroker.audit.AuditEvent;
import dev.credbroker.policy.Decision;
import org.jspecify.annotations.Nullable;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * What the handling of one request learnt that its audit record must say: who called, what the
 * policy decided, what Azure answered, which fields went back. Filled in as the request goes, read
 * by {@link AuditFilter} when it is done.
 */
final class AuditDetails {

	static final String ATTRIBUTE = AuditDetails.class.getName();

	/** Before the reason of a dry run's record, which is not the dry run's own. */
	private static final String DRY_RUN = "dry-run:";

	AuditEvent.@Nullable Caller caller;

	List<String> teams = List.of();

	/** The team charged for the request: the one whose grant authorised it. */
	@Nullable String team;

	@Nullable String resourceId;

	/** What the caller asked for, as {@link FieldRequest} read it; unread when no handler did. */
	AuditEvent.@Nullable Requested requested;

	AuditEvent.@Nullable Verdict decision;

	@Nullable String reason;

	List<String> grants = List.of();

	final List<AuditEvent.Returned> returned = new ArrayList<>();

	AuditEvent.@Nullable Upstream upstream;

	/**
	 * The current request's details; a fresh, unread instance outside a request.
	 * @return the details
	 */
	static AuditDetails current() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		Object details = (attributes != null)
				? attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) : null;
		return (details instanceof AuditDetails current) ? current : new AuditDetails();
	}

	void decided(boolean allowed, Decision.Reason reason, List<String> grants) {
		decided(AuditEvent.Verdict.of(allowed), reason.value(), grants);
	}

	/**
	 * Records a dry run: allowed itself, its reason names what the policy would decide.
	 * @param decision the decision the policy would take
	 */
	void decidedDryRun(Decision decision) {
		decided(AuditEvent.Verdict.ALLOW, DRY_RUN + decision.reason().value(), decision.grants());
	}

	private void decided(AuditEvent.Verdict verdict, String reason, List<String> grants) {
		this.decision = verdict;
		this.reason = reason;
		this.grants = grants;
	}

}
