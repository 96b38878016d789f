package dev.credbroker.policy;

/**
 * The secret fields a policy's field patterns can name, for warning of a pattern that names none:
 * a misspelt field grants nothing, which is safe, but would otherwise go unnoticed.
 */
@FunctionalInterface
public interface FieldCatalog {

	/** A catalogue that knows no field names, and so warns of nothing. */
	FieldCatalog ANY = (pattern) -> true;

	/**
	 * Whether a pattern may match a field of some resource.
	 * @param pattern a grant's {@code read} or {@code reveal} pattern
	 * @return {@code false} if it can match no field
	 */
	boolean mayMatch(FieldPattern pattern);

}
