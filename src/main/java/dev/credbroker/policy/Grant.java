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

	boolean covers(String resourceId) {
		return this.resources.stream().anyMatch((pattern) -> pattern.matches(resourceId));
	}

	boolean reads(String field) {
		return this.read.stream().anyMatch((pattern) -> pattern.matches(field));
	}

	boolean reveals(String field) {
		return reads(field) && this.reveal.stream().anyMatch((pattern) -> pattern.matches(field));
	}

}
