package dev.credbroker.policy;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A team: who belongs to it, what it is granted, and its request quota.
 *
 * @param name the team's name
 * @param members matchers of which any makes a caller a member
 * @param grants the team's grants
 * @param requestsPerMinute the team's quota, or {@code null} for none
 */
public record Team(String name, List<ClaimMatcher> members, List<Grant> grants,
		@Nullable Integer requestsPerMinute) {

	boolean hasMember(Map<String, Object> claims) {
		for (ClaimMatcher matcher : this.members) {
			if (matcher.matches(claims)) {
				return true;
			}
		}
		return false;
	}

}
