package dev.credbroker.policy;

import java.util.List;
import java.util.Optional;

/**
 * What a caller may do with one resource: the union of the grants of its teams that cover it.
 */
public final class Access {

	private final List<String> teams;

	private final List<Grant> grants;

	private final List<String> grantIds;

	Access(List<String> teams, List<Grant> grants) {
		this.teams = List.copyOf(teams);
		this.grants = List.copyOf(grants);
		String[] ids = new String[this.grants.size()];
		for (int i = 0; i < ids.length; i++) {
			ids[i] = this.grants.get(i).id();
		}
		this.grantIds = List.of(ids);
	}

	public List<String> teams() {
		return this.teams;
	}

	/**
	 * The grants that cover the resource, by id.
	 * @return the ids; empty when the caller may not touch the resource
	 */
	public List<String> grants() {
		return this.grantIds;
	}

	/**
	 * Why the caller may not touch the resource at all.
	 * @return {@link Decision.Reason#NO_TEAM} or {@link Decision.Reason#NO_GRANT}; empty when some
	 * grant covers it
	 */
	public Optional<Decision.Reason> denial() {
		if (this.teams.isEmpty()) {
			return Optional.of(Decision.Reason.NO_TEAM);
		}
		return this.grants.isEmpty() ? Optional.of(Decision.Reason.NO_GRANT) : Optional.empty();
	}

	public boolean canRead(String field) {
		for (Grant grant : this.grants) {
			if (grant.reads(field)) {
				return true;
			}
		}
		return false;
	}

	public boolean canReveal(String field) {
		for (Grant grant : this.grants) {
			if (grant.reveals(field)) {
				return true;
			}
		}
		return false;
	}

	public boolean canEvict() {
		return this.grants.stream().anyMatch(Grant::evict);
	}

	/**
	 * The grants that let the caller read a field, or reveal it.
	 * @param field the field
	 * @param revealed whether it is revealed
	 * @return the grant ids
	 */
	public List<String> grantsFor(String field, boolean revealed) {
		return this.grants.stream()
			.filter((grant) -> revealed ? grant.reveals(field) : grant.reads(field))
			.map(Grant::id)
			.toList();
	}

	/**
	 * The team charged for a request: the first team whose grant covers the resource.
	 * @return the team, or empty when no grant does
	 */
	public Optional<String> chargedTeam() {
		return this.grants.isEmpty() ? Optional.empty() : Optional.of(this.grants.get(0).team());
	}

}
