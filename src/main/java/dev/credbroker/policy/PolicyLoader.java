package dev.credbroker.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a policy file and compiles it, or says exactly what is wrong with it: the file, the team,
 * the entry and, for syntax errors, the line.
 */
final class PolicyLoader {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.#-]{1,64}");

	private static final YAMLMapper yaml = YAMLMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private PolicyLoader() {
	}

	static Policy load(String source, byte[] content) {
		PolicyFile file;
		try {
			file = yaml.readValue(content, PolicyFile.class);
		}
		catch (DatabindException ex) {
			throw invalid(source, where(ex) + ex.getOriginalMessage());
		}
		catch (JacksonException ex) {
			throw invalid(source, where(ex) + ex.getOriginalMessage());
		}
		if (file == null || file.teams() == null) {
			throw invalid(source, "it has no 'teams' list");
		}
		return new Policy(source, new Compiler(source).teams(file.teams()));
	}

	private static String where(JacksonException ex) {
		StringBuilder where = new StringBuilder();
		TokenStreamLocation location = ex.getLocation();
		if (location != null && location.getLineNr() > 0) {
			where.append("line ").append(location.getLineNr()).append(": ");
		}
		if (ex instanceof DatabindException databind && !databind.getPath().isEmpty()) {
			StringBuilder path = new StringBuilder();
			for (var reference : databind.getPath()) {
				if (reference.getPropertyName() != null) {
					path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
				}
				else if (reference.getIndex() >= 0) {
					path.append('[').append(reference.getIndex()).append(']');
				}
			}
			where.append(path).append(": ");
		}
		return where.toString();
	}

	private static InvalidPolicyException invalid(String source, String reason) {
		return new InvalidPolicyException("Invalid policy file " + source + ": " + reason);
	}

	/** Checks the bound file entry by entry, naming the entry in every error. */
	private static final class Compiler {

		private final String source;

		private final Set<String> grantIds = new HashSet<>();

		Compiler(String source) {
			this.source = source;
		}

		List<Team> teams(List<PolicyFile.TeamEntry> entries) {
			List<Team> teams = new ArrayList<>();
			Set<String> names = new HashSet<>();
			for (int i = 0; i < entries.size(); i++) {
				PolicyFile.TeamEntry entry = entries.get(i);
				String at = "teams[" + i + "]";
				if (entry == null || entry.name() == null || !NAME.matcher(entry.name()).matches()) {
					throw fail(at, "'name' must be 1-64 letters, digits, '_.#-'");
				}
				at = "team '" + entry.name() + "' (" + at + ")";
				if (!names.add(entry.name())) {
					throw fail(at, "another team has this name");
				}
				teams.add(team(at, entry));
			}
			return List.copyOf(teams);
		}

		private Team team(String at, PolicyFile.TeamEntry entry) {
			if (entry.members() == null || entry.members().isEmpty()) {
				throw fail(at, "'members' must list at least one claim matcher");
			}
			List<ClaimMatcher> members = new ArrayList<>();
			for (int i = 0; i < entry.members().size(); i++) {
				members.add(member(at + ", members[" + i + "]", entry.members().get(i)));
			}
			List<Grant> grants = new ArrayList<>();
			List<PolicyFile.GrantEntry> grantEntries = (entry.grants() != null) ? entry.grants() : List.of();
			for (int i = 0; i < grantEntries.size(); i++) {
				grants.add(grant(at + ", grants[" + i + "]", entry.name(), i, grantEntries.get(i)));
			}
			Integer quota = null;
			if (entry.quota() != null) {
				quota = entry.quota().requestsPerMinute();
				if (quota == null || quota < 1) {
					throw fail(at + ", quota", "'requestsPerMinute' must be a positive number");
				}
			}
			return new Team(entry.name(), List.copyOf(members), List.copyOf(grants), quota);
		}

		private ClaimMatcher member(String at, PolicyFile.@Nullable MemberEntry entry) {
			if (entry == null || entry.claim() == null || entry.claim().isBlank()) {
				throw fail(at, "'claim' must name a claim of the caller's token");
			}
			if (entry.anyOf() == null || entry.anyOf().isEmpty()
					|| entry.anyOf().stream().anyMatch((value) -> value == null || value.isEmpty())) {
				throw fail(at, "'anyOf' must list at least one non-empty value");
			}
			return new ClaimMatcher(entry.claim(), Set.copyOf(entry.anyOf()), entry.issuer());
		}

		private Grant grant(String at, String team, int index, PolicyFile.@Nullable GrantEntry entry) {
			if (entry == null) {
				throw fail(at, "the grant is empty");
			}
			String id = (entry.id() != null) ? entry.id() : team + "#" + index;
			if (!NAME.matcher(id).matches()) {
				throw fail(at, "'id' must be 1-64 letters, digits, '_.#-'");
			}
			if (!this.grantIds.add(id)) {
				throw fail(at, "another grant has the id '" + id + "'");
			}
			if (entry.resources() == null || entry.resources().isEmpty()) {
				throw fail(at, "'resources' must list at least one resource pattern");
			}
			return new Grant(id, team, parse(at, "resources", entry.resources(), ResourcePattern::parse),
					parse(at, "read", entry.read(), FieldPattern::parse),
					parse(at, "reveal", entry.reveal(), FieldPattern::parse), Boolean.TRUE.equals(entry.evict()));
		}

		private <T> List<T> parse(String at, String key, @Nullable List<String> values, Function<String, T> parser) {
			if (values == null) {
				return List.of();
			}
			Set<T> parsed = new LinkedHashSet<>();
			for (int i = 0; i < values.size(); i++) {
				String value = values.get(i);
				if (value == null) {
					throw fail(at + ", " + key + "[" + i + "]", "the entry is empty");
				}
				try {
					parsed.add(parser.apply(value));
				}
				catch (IllegalArgumentException ex) {
					throw fail(at + ", " + key + "[" + i + "]", ex.getMessage());
				}
			}
			return List.copyOf(parsed);
		}

		private InvalidPolicyException fail(String at, String reason) {
			return invalid(this.source, at + ": " + reason);
		}

	}

}
