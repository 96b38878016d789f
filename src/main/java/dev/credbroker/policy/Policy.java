package dev.credbroker.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The teams of one loaded policy file. Immutable: a reload replaces the whole policy, so a
 * request decides against one version from start to end.
 */
public final class Policy {

	/**
	 * How many resource ids the policy remembers its grants' coverage of. A few hundred bytes each;
	 * an id it has forgotten is matched against the patterns again.
	 */
	static final int COVERAGE_ENTRIES = 10_000;

	private final String source;

	private final List<Team> teams;

	/**
	 * For each resource id asked about, the grants of each team (by the team's index) that cover it.
	 * Matching an id against every grant's patterns cost a cached keys request more than anything
	 * else the policy does, and callers ask about the same resources again and again. The answer
	 * depends on the policy and the id alone, never on the caller: which teams the caller is in is
	 * decided afresh for every request.
	 */
	private final Cache<String, List<List<Grant>>> coverage = Caffeine.newBuilder()
		.maximumSize(COVERAGE_ENTRIES)
		.build();

	/**
	 * A policy.
	 * @param source where the policy was loaded from
	 * @param teams the teams
	 */
	Policy(String source, List<Team> teams) {
		this.source = source;
		this.teams = List.copyOf(teams);
	}

	/**
	 * Where the policy was loaded from.
	 * @return a location, for people
	 */
	public String source() {
		return this.source;
	}

	/**
	 * The teams, in file order.
	 * @return the teams
	 */
	public List<Team> teams() {
		return this.teams;
	}

	/**
	 * The caller's teams: every team whose members match its claims.
	 * @param claims the claims of the caller's validated token
	 * @return the teams, in file order
	 */
	public List<Team> teamsOf(Map<String, Object> claims) {
		return this.teams.stream().filter((team) -> team.hasMember(claims)).toList();
	}

	/**
	 * What the caller may do with a resource: the union of the grants of its teams that cover it.
	 * @param claims the claims of the caller's validated token
	 * @param resourceId the resource's ARM id
	 * @return the caller's access, which denies when no grant covers the resource
	 */
	public Access access(Map<String, Object> claims, String resourceId) {
		List<List<Grant>> covering = this.coverage.get(resourceId, this::covering);
		List<String> teamNames = new ArrayList<>(2);
		List<Grant> grants = new ArrayList<>(2);
		for (int i = 0; i < this.teams.size(); i++) {
			Team team = this.teams.get(i);
			if (team.hasMember(claims)) {
				teamNames.add(team.name());
				grants.addAll(covering.get(i));
			}
		}
		return new Access(teamNames, grants);
	}

	/**
	 * What loads but its authors should hear of: the broker logs each at WARN when it loads the
	 * policy, and {@code policy-check} prints them.
	 * @param catalog the secret fields there are
	 * @return the warnings, each one sentence; empty when there is nothing to say
	 */
	public List<String> warnings(FieldCatalog catalog) {
		List<String> warnings = new ArrayList<>();
		// A misspelt field grants nothing, which is safe, but the team it was meant for should hear of it.
		List<String> unmatched = patternsMatchingNothing(catalog);
		if (!unmatched.isEmpty()) {
			warnings.add("field patterns that match no secret field, and so grant nothing: " + String.join(", ", unmatched));
		}
		List<String> changeable = rulesOnClaimsTheirOwnersChange();
		if (!changeable.isEmpty()) {
			warnings.add("member rules on claims that a token's owner can change themselves, so that whoever picks "
					+ "the value joins the team; match oid, sub, azp/appid or roles instead: " + String.join(", ", changeable));
		}
		return warnings;
	}

	/**
	 * The grants' field patterns that match no field of the catalogue, and so grant nothing.
	 * @param catalog the fields there are
	 * @return each as {@code grant '<id>' read|reveal '<pattern>'}, in file order
	 */
	public List<String> patternsMatchingNothing(FieldCatalog catalog) {
		List<String> unmatched = new ArrayList<>();
		for (Team team : this.teams) {
			for (Grant grant : team.grants()) {
				addMatchingNothing(unmatched, catalog, grant, "read", grant.read());
				addMatchingNothing(unmatched, catalog, grant, "reveal", grant.reveal());
			}
		}
		return unmatched;
	}

	/**
	 * The member rules on claims a token's owner can change themselves, which let in whoever
	 * picks the value.
	 * @return each as {@code team '<name>' members[<index>] '<claim>'}, in file order
	 */
	public List<String> rulesOnClaimsTheirOwnersChange() {
		List<String> rules = new ArrayList<>();
		for (Team team : this.teams) {
			for (int i = 0; i < team.members().size(); i++) {
				ClaimMatcher rule = team.members().get(i);
				if (rule.onAClaimItsOwnerCanChange()) {
					rules.add("team '" + team.name() + "' members[" + i + "] '" + rule.claim() + "'");
				}
			}
		}
		return rules;
	}

	private static void addMatchingNothing(List<String> unmatched, FieldCatalog catalog, Grant grant, String list,
			List<FieldPattern> patterns) {
		for (FieldPattern pattern : patterns) {
			if (!catalog.mayMatch(pattern)) {
				unmatched.add("grant '" + grant.id() + "' " + list + " '" + pattern + "'");
			}
		}
	}

	private List<List<Grant>> covering(String resourceId) {
		return this.teams.stream()
			.map((team) -> team.grants().stream().filter((grant) -> grant.covers(resourceId)).toList())
			.toList();
	}

	@Override
	public String toString() {
		return "Policy[source=" + this.source + ", teams=" + this.teams.size() + "]";
	}

}
