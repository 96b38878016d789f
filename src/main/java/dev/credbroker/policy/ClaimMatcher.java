package dev.credbroker.policy;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Holds when a claim of the caller's token, a string or an array of strings, has any of the
 * listed values; and, when an issuer is named, the token comes from it. Values compare exactly.
 *
 * @param claim the claim's name
 * @param anyOf the values, any of which will do
 * @param issuer the issuer the token must come from, or {@code null} for any trusted issuer
 */
record ClaimMatcher(String claim, Set<String> anyOf, @Nullable String issuer) {

	boolean matches(Map<String, Object> claims) {
		if (this.issuer != null && !this.issuer.equals(String.valueOf(claims.get("iss")))) {
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

}
