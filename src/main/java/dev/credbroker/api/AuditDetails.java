package dev.credbroker.api;

import java.util.ArrayList;
import java.util.List;

import dev.credbroker.audit.AuditEvent;
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

	AuditEvent.@Nullable Caller caller;

	List<String> teams = List.of();

	/** The team charged for the request: the one whose grant authorised it. */
	@Nullable String team;

	@Nullable String resourceId;

	/** What the caller asked for, as {@link FieldRequest} read it; unread when no handler did. */
	AuditEvent.@Nullable Requested requested;

	@Nullable String decision;

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

	void decided(boolean allowed, String reason, List<String> grants) {
		this.decision = allowed ? "allow" : "deny";
		this.reason = reason;
		this.grants = grants;
	}

}
