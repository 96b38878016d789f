package dev.credbroker.policy;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The policy file as written: YAML bound to records, unknown keys refused. {@link PolicyLoader}
 * checks it and compiles it into a {@link Policy}.
 */
record PolicyFile(@Nullable List<TeamEntry> teams) {

	record TeamEntry(@Nullable String name, @Nullable List<MemberEntry> members, @Nullable List<GrantEntry> grants,
			@Nullable QuotaEntry quota) {
	}

	record MemberEntry(@Nullable String claim, @Nullable List<String> anyOf, @Nullable String issuer) {
	}

	record GrantEntry(@Nullable String id, @Nullable List<String> resources, @Nullable List<String> read,
			@Nullable List<String> reveal, @Nullable Boolean evict) {
	}

	record QuotaEntry(@Nullable Integer requestsPerMinute) {
	}

}
