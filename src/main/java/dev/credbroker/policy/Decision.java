package dev.credbroker.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The decision on one request: which of the candidate fields the caller sees, which in clear, and
 * why. A request that asks to reveal a field the policy does not let it reveal is denied whole.
 *
 * @param allowed whether the request may go ahead
 * @param reason {@link Reason#ALLOW}, or why not
 * @param teams the caller's teams
 * @param grants the grants that cover the resource
 * @param readable the candidate fields the caller may see (and asked for, when it narrowed the
 * view)
 * @param revealed the readable fields it asked to see in clear and may
 * @param revealDenied the fields it asked to see in clear and may not
 */
public record Decision(boolean allowed, Reason reason, List<String> teams, List<String> grants,
		List<String> readable, List<String> revealed, List<String> revealDenied) {

	/**
	 * Why a request was allowed or denied, as the audit record and the API's answers spell it.
	 */
	public enum Reason {

		/** Some grant covers the request. */
		ALLOW("allow"),

		/** The caller is in no team. */
		NO_TEAM("no-team"),

		/** No grant of the caller's teams covers the resource. */
		NO_GRANT("no-grant"),

		/** The caller asked to see in clear a field no grant lets it reveal. */
		REVEAL_NOT_GRANTED("reveal-not-granted"),

		/** No grant of the caller's teams on the resource lets it evict the cached answer. */
		EVICT_NOT_GRANTED("evict-not-granted"),

		/** The caller's team has used its requests for this minute. */
		QUOTA_EXCEEDED("quota-exceeded");

		private final String value;

		Reason(String value) {
			this.value = value;
		}

		/**
		 * The reason as the audit record and the API's answers spell it.
		 * @return the value, such as {@code no-grant}
		 */
		public String value() {
			return this.value;
		}

	}

	/**
	 * Decides a request against the fields a resource has or may have.
	 * @param access the caller's access to the resource
	 * @param candidates the resource's field names
	 * @param fields the fields the caller asked for; empty for all it may read
	 * @param reveal the fields the caller asked to see in clear
	 * @return the decision
	 */
	public static Decision of(Access access, Collection<String> candidates, List<FieldPattern> fields,
			List<FieldPattern> reveal) {
		return of(access, candidates, Set.of(), fields, reveal);
	}

	/**
	 * Decides a request against the fields a resource has or may have, some of which are not
	 * secret: reading one of those is seeing it, so asking to reveal it needs no grant to reveal, and
	 * counts as asking for it.
	 * @param access the caller's access to the resource
	 * @param candidates the resource's field names
	 * @param clear those of them that are not secret
	 * @param fields the fields the caller asked for; empty for all it may read
	 * @param reveal the fields the caller asked to see in clear
	 * @return the decision
	 */
	public static Decision of(Access access, Collection<String> candidates, Set<String> clear,
			List<FieldPattern> fields, List<FieldPattern> reveal) {
		if (access.denial().isPresent()) {
			return new Decision(false, access.denial().get(), access.teams(), access.grants(), List.of(), List.of(),
					List.of());
		}
		List<String> readable = new ArrayList<>();
		List<String> revealed = new ArrayList<>();
		List<String> revealDenied = new ArrayList<>();
		for (String field : candidates) {
			boolean revealRequested = Grant.anyMatches(reveal, field);
			boolean secret = !clear.contains(field);
			if (revealRequested && secret && !access.canReveal(field)) {
				revealDenied.add(field);
			}
			else if (access.canRead(field) && (revealRequested || fields.isEmpty() || Grant.anyMatches(fields, field))) {
				readable.add(field);
				if (revealRequested && secret) {
					revealed.add(field);
				}
			}
		}
		// A name asked for in clear that the resource may not have is still a reveal the policy
		// must allow: the answer must not depend on what Azure holds.
		for (FieldPattern pattern : reveal) {
			if (pattern.isName() && !candidates.contains(pattern.toString())
					&& !access.canReveal(pattern.toString())) {
				revealDenied.add(pattern.toString());
			}
		}
		boolean allowed = revealDenied.isEmpty();
		return new Decision(allowed, allowed ? Reason.ALLOW : Reason.REVEAL_NOT_GRANTED, access.teams(), access.grants(),
				allowed ? readable : List.of(), allowed ? revealed : List.of(), List.copyOf(revealDenied));
	}

}
