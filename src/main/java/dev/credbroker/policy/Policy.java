package dev.credbroker.policy;

import java.util.List;
import java.util.Map;

/**
 * The teams of one loaded policy file. Immutable: a reload replaces the whole policy, so a
 * request decides against one version from start to end.
 *
 * @param source where the policy was loaded from
 * @param teams the teams
 */
public record Policy(String source, List<Team> teams) {

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
		List<Team> teams = teamsOf(claims);
		List<Grant> grants = teams.stream()
			.flatMap((team) -> team.grants().stream())
			.filter((grant) -> grant.covers(resourceId))
			.toList();
		return new Access(teams.stream().map(Team::name).toList(), grants);
	}

}
