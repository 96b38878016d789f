package dev.credbroker.policy;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Holds when the caller's token comes from the named issuer and a claim of it, a string or an
 * array of strings, has any of the listed values. Values compare exactly. The issuer is part of
 * every rule: a role or group of one issuer says nothing about a caller of another.
 * <p>
 * The claim is named, such as {@code roles}, or reached by a JSON Pointer (RFC 6901) through
 * nested JSON objects, such as {@code /kubernetes.io/namespace} in a Kubernetes service account
 * token; {@code ~1} stands for a {@code /} in a member's name, {@code ~0} for a {@code ~}.
 *
 * @param claim the claim's name, or a JSON Pointer to it
 * @param anyOf the values, any of which will do
 * @param issuer the issuer the token must come from, exactly as its {@code iss} claim names it
 * @param path the members to go through from the token's claims to the value: the name alone, or
 * the pointer's steps
 */
record ClaimMatcher(String claim, Set<String> anyOf, String issuer, List<String> path) {

	/**
	 * Claims whose value the token's owner can choose (its display name, its e-mail address, its
	 * sign-in name), or that an issuer reassigns to someone else: a rule on one of them lets in
	 * whoever picks the value.
	 */
	static final Set<String> CHANGEABLE_BY_THEIR_OWNER = Set.of("email", "preferred_username", "upn", "unique_name",
			"name");

	ClaimMatcher {
		path = List.copyOf(path);
		if (path.isEmpty()) {
			throw new IllegalArgumentException("A member rule names a claim");
		}
	}

	/**
	 * A rule on a claim named, or pointed at.
	 * @param claim the claim's name, or a JSON Pointer to it
	 * @param anyOf the values, any of which will do
	 * @param issuer the issuer the token must come from
	 */
	ClaimMatcher(String claim, Set<String> anyOf, String issuer) {
		this(claim, anyOf, issuer, path(claim));
	}

	boolean matches(Map<String, Object> claims) {
		if (!this.issuer.equals(String.valueOf(claims.get("iss")))) {
			return false;
		}
		Object value = claims;
		for (String step : this.path) {
			if (!(value instanceof Map<?, ?> object)) {
				return false;
			}
			value = object.get(step);
		}
		if (value instanceof String single) {
			return this.anyOf.contains(single);
		}
		if (value instanceof Collection<?> values) {
			for (Object item : values) {
				if (item instanceof String text && this.anyOf.contains(text)) {
					return true;
				}
			}
		}
		return false;
	}

	boolean onAClaimItsOwnerCanChange() {
		return CHANGEABLE_BY_THEIR_OWNER.contains(this.path.get(0));
	}

	/** The steps to a claim: its name, or a JSON Pointer's reference tokens, unescaped. */
	private static List<String> path(String claim) {
		if (!claim.startsWith("/")) {
			return List.of(claim);
		}
		return Arrays.stream(claim.substring(1).split("/", -1))
			.map((token) -> token.replace("~1", "/").replace("~0", "~"))
			.toList();
	}

}
