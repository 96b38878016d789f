package dev.credbroker.policy;

import java.util.List;

/**
 * What one team may do with the resources a grant names.
 *
 * @param id the grant's name in decisions: its {@code id} or {@code <team>#<index>}
 * @param team the team that holds it
 * @param resources the resources it covers
 * @param read the fields it lets the team see, redacted
 * @param reveal the fields it lets the team see in clear; only those it also lets it read
 * @param evict whether it lets the team evict the resource's cache entry
 */
record Grant(String id, String team, List<ResourcePattern> resources, List<FieldPattern> read,
		List<FieldPattern> reveal, boolean evict) {

	// Loops rather than streams: these run for every field of every request.

	boolean covers(String resourceId) {
		for (ResourcePattern pattern : this.resources) {
			if (pattern.matches(resourceId)) {
				return true;
			}
		}
		return false;
	}

	boolean reads(String field) {
		return anyMatches(this.read, field);
	}

	boolean reveals(String field) {
		return reads(field) && anyMatches(this.reveal, field);
	}

	static boolean anyMatches(List<FieldPattern> patterns, String field) {
		for (FieldPattern pattern : patterns) {
			if (pattern.matches(field)) {
				return true;
			}
		}
		return false;
	}

}
