package dev.credbroker.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a policy file and compiles it, or says exactly what is wrong with it: every problem, each
 * with its line and column, the team and the entry. The file's structure is checked against
 * {@link PolicySchema}; this class checks what a schema cannot express: unique team names and
 * grant ids, and the issuers the broker trusts.
 */
public final class PolicyLoader {

	private static final YAMLMapper yaml = YAMLMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private PolicyLoader() {
	}

	/**
	 * Loads a policy file.
	 * @param source where it comes from, for messages
	 * @param content its bytes
	 * @param trustedIssuers the issuers whose tokens the broker accepts: member rules must name
	 * one of them, and must name it when there are several
	 * @return the policy
	 * @throws InvalidPolicyException when the file cannot be used, naming every problem
	 */
	public static Policy load(String source, byte[] content, Set<String> trustedIssuers) {
		if (trustedIssuers.isEmpty()) {
			throw new IllegalArgumentException("A policy is loaded for at least one trusted issuer");
		}
		YamlLines lines = new YamlLines(content);
		if (lines.isEmpty()) {
			throw new InvalidPolicyException(source,
					List.of(YamlLines.Position.START + ": it is empty; it needs a 'teams' list"));
		}
		YamlLines.Position tooDeep = lines.tooDeep();
		if (tooDeep != null) {
			throw new InvalidPolicyException(source, List.of(tooDeep + ": mappings and lists nest deeper than "
					+ YamlLines.MAX_DEPTH + " levels here; a policy's nest 6 levels deep at most"));
		}
		JsonNode tree;
		try {
			tree = yaml.readTree(content);
		}
		catch (JacksonException ex) {
			throw new InvalidPolicyException(source, List.of(parserPosition(ex) + ": " + ex.getOriginalMessage()));
		}
		Compiler compiler = new Compiler(lines, tree, trustedIssuers);
		for (PolicySchema.Violation violation : PolicySchema.check(tree)) {
			compiler.problem(violation.path(), violation.reason());
		}
		compiler.throwIfAny(source);
		PolicyFile file;
		try {
			file = yaml.treeToValue(tree, PolicyFile.class);
		}
		catch (JacksonException ex) {
			throw new IllegalStateException("policy-schema.json admits what the policy's records cannot hold: "
					+ ex.getOriginalMessage(), ex);
		}
		// The schema requires the list, its entries and their names, members and resources.
		List<Team> teams = compiler.teams(Objects.requireNonNull(file.teams()));
		compiler.throwIfAny(source);
		return new Policy(source, teams);
	}

	private static YamlLines.Position parserPosition(JacksonException ex) {
		TokenStreamLocation location = ex.getLocation();
		return (location != null)
				? new YamlLines.Position(Math.max(location.getLineNr(), 1), Math.max(location.getColumnNr(), 1))
				: YamlLines.Position.START;
	}

	/** A problem at an entry of the file. */
	private record Problem(YamlLines.Position position, String entry, String reason) {

		@Override
		public String toString() {
			return this.position + ": " + (this.entry.isEmpty() ? "" : this.entry + ": ") + this.reason;
		}

	}

	/**
	 * Checks the bound file entry by entry, and collects every problem, naming the entry and its
	 * position.
	 */
	private static final class Compiler {

		private final YamlLines lines;

		private final JsonNode tree;

		private final Set<String> grantIds = new HashSet<>();

		private final Set<String> trustedIssuers;

		private final List<Problem> problems = new ArrayList<>();

		Compiler(YamlLines lines, JsonNode tree, Set<String> trustedIssuers) {
			this.lines = lines;
			this.tree = tree;
			this.trustedIssuers = trustedIssuers;
		}

		List<Team> teams(List<PolicyFile.TeamEntry> entries) {
			List<Team> teams = new ArrayList<>();
			Set<String> names = new HashSet<>();
			for (int i = 0; i < entries.size(); i++) {
				PolicyFile.TeamEntry entry = entries.get(i);
				List<Object> path = List.of("teams", i);
				if (!names.add(entry.name())) {
					problem(path, "another team has this name");
				}
				teams.add(team(path, entry));
			}
			return List.copyOf(teams);
		}

		private Team team(List<Object> path, PolicyFile.TeamEntry entry) {
			String name = String.valueOf(entry.name());
			List<ClaimMatcher> members = new ArrayList<>();
			List<PolicyFile.MemberEntry> memberEntries = (entry.members() != null) ? entry.members() : List.of();
			for (int i = 0; i < memberEntries.size(); i++) {
				PolicyFile.MemberEntry member = memberEntries.get(i);
				if (member != null) {
					members.add(member(child(path, "members", i), member));
				}
			}
			List<Grant> grants = new ArrayList<>();
			List<PolicyFile.GrantEntry> grantEntries = (entry.grants() != null) ? entry.grants() : List.of();
			for (int i = 0; i < grantEntries.size(); i++) {
				PolicyFile.GrantEntry grant = grantEntries.get(i);
				if (grant != null) {
					grants.add(grant(child(path, "grants", i), name, i, grant));
				}
			}
			Integer quota = (entry.quota() != null) ? entry.quota().requestsPerMinute() : null;
			return new Team(name, List.copyOf(members), List.copyOf(grants), quota);
		}

		private ClaimMatcher member(List<Object> path, PolicyFile.MemberEntry entry) {
			String claim = String.valueOf(entry.claim());
			Set<String> anyOf = Set.copyOf((entry.anyOf() != null) ? entry.anyOf() : List.of());
			return new ClaimMatcher(claim, anyOf, issuer(path, claim, entry.issuer()));
		}

		/**
		 * The issuer a rule binds its claim to. With one trusted issuer a rule may leave it out; with
		 * several it must say which, since the same role or group name at two issuers is two
		 * unrelated things, and whoever administers one issuer would otherwise join the other's teams.
		 */
		private String issuer(List<Object> path, String claim, @Nullable String issuer) {
			String trusted = "'" + String.join("', '", this.trustedIssuers) + "'";
			if (issuer == null) {
				if (this.trustedIssuers.size() > 1) {
					problem(path, "the rule on claim '" + claim + "' must name its 'issuer': the broker trusts several "
							+ "issuers (" + trusted + "), and a claim value of one is no claim value of another");
				}
				return this.trustedIssuers.iterator().next();
			}
			if (!this.trustedIssuers.contains(issuer)) {
				problem(child(path, "issuer"), "'issuer' must be one the broker trusts, exactly as its tokens' 'iss' "
						+ "claim names it (" + trusted + "); '" + issuer + "' is not");
			}
			return issuer;
		}

		private Grant grant(List<Object> path, String team, int index, PolicyFile.GrantEntry entry) {
			String id = (entry.id() != null) ? entry.id() : team + "#" + index;
			if (!this.grantIds.add(id)) {
				problem((entry.id() != null) ? child(path, "id") : path, "another grant has the id '" + id + "'");
			}
			return new Grant(id, team, parse(path, "resources", entry.resources(), ResourcePattern::parse),
					parse(path, "read", entry.read(), FieldPattern::parse),
					parse(path, "reveal", entry.reveal(), FieldPattern::parse), Boolean.TRUE.equals(entry.evict()));
		}

		private <T> List<T> parse(List<Object> grant, String key, @Nullable List<String> values,
				Function<String, T> parser) {
			if (values == null) {
				return List.of();
			}
			Set<T> parsed = new LinkedHashSet<>();
			for (int i = 0; i < values.size(); i++) {
				String value = values.get(i);
				try {
					parsed.add(parser.apply(String.valueOf(value)));
				}
				catch (IllegalArgumentException ex) {
					problem(child(grant, key, i), String.valueOf(ex.getMessage()));
				}
			}
			return List.copyOf(parsed);
		}

		void problem(List<Object> path, String reason) {
			this.problems.add(new Problem(this.lines.position(path), describe(path), reason));
		}

		void throwIfAny(String source) {
			if (!this.problems.isEmpty()) {
				throw invalid(source);
			}
		}

		InvalidPolicyException invalid(String source) {
			List<String> sorted = this.problems.stream()
				.sorted(Comparator.comparingInt((Problem problem) -> problem.position().line())
					.thenComparingInt((problem) -> problem.position().column()))
				.map(Problem::toString)
				.distinct()
				.toList();
			return new InvalidPolicyException(source, sorted);
		}

		/**
		 * The entry at a path, for people: {@code team 'a' (teams[0]), grants[1], resources[0]}. A
		 * last key is left out: the reason names it.
		 */
		private String describe(List<Object> path) {
			List<String> parts = new ArrayList<>();
			int i = 0;
			if (path.size() > 1 && "teams".equals(path.get(0)) && path.get(1) instanceof Integer team) {
				JsonNode name = this.tree.path("teams").path(team).path("name");
				parts.add(name.isString() ? "team '" + name.asString() + "' (teams[" + team + "])"
						: "teams[" + team + "]");
				i = 2;
			}
			for (; i < path.size(); i++) {
				Object step = path.get(i);
				if (step instanceof Integer index) {
					parts.add("[" + index + "]");
				}
				else if (i + 1 < path.size() && path.get(i + 1) instanceof Integer index) {
					parts.add(step + "[" + index + "]");
					i++;
				}
				else if (i + 1 < path.size()) {
					parts.add(String.valueOf(step));
				}
			}
			return String.join(", ", parts);
		}

		private static List<Object> child(List<Object> path, Object... steps) {
			List<Object> child = new ArrayList<>(path);
			child.addAll(List.of(steps));
			return child;
		}

	}

}
