package dev.credbroker.policy;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Holds when the caller's token comes from the named issuer and a claim of it, a string or an
 * array of strings, has any of the listed values. Values compare exactly. The issuer is part of
 * every rule: a role or group of one issuer says nothing about a caller of another.
 *
 * @param claim the claim's name
 * @param anyOf the values, any of which will do
 * @param issuer the issuer the token must come from, exactly as its {@code iss} claim names it
 */
record ClaimMatcher(String claim, Set<String> anyOf, String issuer) {

	/**
	 * Claims whose value the token's owner can choose (its display name, its e-mail address, its
	 * sign-in name), or that an issuer reassigns to someone else: a rule on one of them lets in
	 * whoever picks the value.
	 */
	static final Set<String> CHANGEABLE_BY_THEIR_OWNER = Set.of("email", "preferred_username", "upn", "unique_name",
			"name");

	boolean matches(Map<String, Object> claims) {
		if (!this.issuer.equals(String.valueOf(claims.get("iss")))) {
			return false;
		}
		Object value = claims.get(this.claim);
		if (value instanceof String single) {
			return this.anyOf.contains(single);
		}
		if (value instanceof Collection<?> values) {
			return values.stream().anyMatch((item) -> item instanceof String text && this.anyOf.contains(text));
		}
		return false;
	}

	boolean onAClaimItsOwnerCanChange() {
		return CHANGEABLE_BY_THEIR_OWNER.contains(this.claim);
	}

}
