package dev.credbroker.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
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
 * Reads a policy file and compiles it, or says exactly what is wrong with it: the file, the line,
 * the team and the entry.
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

	/**
	 * Loads a policy file.
	 * @param source where it comes from, for messages
	 * @param content its bytes
	 * @param trustedIssuers the issuers whose tokens the broker accepts: member rules must name
	 * one of them, and must name it when there are several
	 * @return the policy
	 * @throws InvalidPolicyException when the file cannot be used
	 */
	static Policy load(String source, byte[] content, Set<String> trustedIssuers) {
		if (trustedIssuers.isEmpty()) {
			throw new IllegalArgumentException("A policy is loaded for at least one trusted issuer");
		}
		Compiler compiler = new Compiler(source, content, trustedIssuers);
		if (compiler.lines.isEmpty()) {
			throw compiler.fail(Where.ROOT, "it is empty; it needs a 'teams' list");
		}
		PolicyFile file;
		try {
			file = yaml.readValue(content, PolicyFile.class);
		}
		catch (JacksonException ex) {
			throw compiler.bindingFailed(ex);
		}
		if (file == null || file.teams() == null) {
			throw compiler.fail(Where.ROOT, "it has no 'teams' list");
		}
		return new Policy(source, compiler.teams(file.teams()));
	}

	/**
	 * An entry of the file: how to name it to a person, and its path for finding its line.
	 */
	private record Where(String description, List<Object> path) {

		static final Where ROOT = new Where("", List.of());

		Where child(String description, Object... steps) {
			List<Object> childPath = new ArrayList<>(this.path);
			childPath.addAll(List.of(steps));
			String joined = this.description.isEmpty() ? description
					: description.isEmpty() ? this.description : this.description + ", " + description;
			return new Where(joined, childPath);
		}

	}

	/** Checks the bound file entry by entry, naming the entry and its line in every error. */
	private static final class Compiler {

		private final String source;

		final YamlLines lines;

		private final Set<String> grantIds = new HashSet<>();

		private final Set<String> trustedIssuers;

		Compiler(String source, byte[] content, Set<String> trustedIssuers) {
			this.source = source;
			this.lines = new YamlLines(content);
			this.trustedIssuers = trustedIssuers;
		}

		List<Team> teams(List<PolicyFile.TeamEntry> entries) {
			List<Team> teams = new ArrayList<>();
			Set<String> names = new HashSet<>();
			for (int i = 0; i < entries.size(); i++) {
				PolicyFile.TeamEntry entry = entries.get(i);
				Where where = new Where("teams[" + i + "]", List.of("teams", i));
				if (entry == null || entry.name() == null || !NAME.matcher(entry.name()).matches()) {
					throw fail(where, "'name' must be 1-64 letters, digits, '_.#-'");
				}
				where = new Where("team '" + entry.name() + "' (teams[" + i + "])", List.of("teams", i));
				if (!names.add(entry.name())) {
					throw fail(where, "another team has this name");
				}
				teams.add(team(where, entry));
			}
			return List.copyOf(teams);
		}

		private Team team(Where where, PolicyFile.TeamEntry entry) {
			if (entry.members() == null || entry.members().isEmpty()) {
				throw fail(where, "'members' must list at least one claim matcher");
			}
			List<ClaimMatcher> members = new ArrayList<>();
			for (int i = 0; i < entry.members().size(); i++) {
				members.add(member(where.child("members[" + i + "]", "members", i), entry.members().get(i)));
			}
			List<Grant> grants = new ArrayList<>();
			List<PolicyFile.GrantEntry> grantEntries = (entry.grants() != null) ? entry.grants() : List.of();
			for (int i = 0; i < grantEntries.size(); i++) {
				grants.add(grant(where.child("grants[" + i + "]", "grants", i), entry.name(), i, grantEntries.get(i)));
			}
			Integer quota = null;
			if (entry.quota() != null) {
				quota = entry.quota().requestsPerMinute();
				if (quota == null || quota < 1) {
					throw fail(where.child("quota", "quota", "requestsPerMinute"),
							"'requestsPerMinute' must be a positive number");
				}
			}
			return new Team(entry.name(), List.copyOf(members), List.copyOf(grants), quota);
		}

		private ClaimMatcher member(Where where, PolicyFile.@Nullable MemberEntry entry) {
			if (entry == null || entry.claim() == null || entry.claim().isBlank()) {
				throw fail(where, "'claim' must name a claim of the caller's token");
			}
			if (entry.anyOf() == null || entry.anyOf().isEmpty()
					|| entry.anyOf().stream().anyMatch((value) -> value == null || value.isEmpty())) {
				throw fail(where.child("", "anyOf"), "'anyOf' must list at least one non-empty value");
			}
			return new ClaimMatcher(entry.claim(), Set.copyOf(entry.anyOf()), issuer(where, entry));
		}

		/**
		 * The issuer a rule binds its claim to. With one trusted issuer a rule may leave it out; with
		 * several it must say which, since the same role or group name at two issuers is two
		 * unrelated things, and whoever administers one issuer would otherwise join the other's teams.
		 */
		private String issuer(Where where, PolicyFile.MemberEntry entry) {
			String issuer = entry.issuer();
			String trusted = "'" + String.join("', '", this.trustedIssuers) + "'";
			if (issuer == null) {
				if (this.trustedIssuers.size() > 1) {
					throw fail(where, "the rule on claim '" + entry.claim() + "' must name its 'issuer': the broker "
							+ "trusts several issuers (" + trusted + "), and a claim value of one is no claim "
							+ "value of another");
				}
				return this.trustedIssuers.iterator().next();
			}
			if (!this.trustedIssuers.contains(issuer)) {
				throw fail(where.child("", "issuer"), "'issuer' must be one the broker trusts, exactly as its tokens' "
						+ "'iss' claim names it (" + trusted + "); '" + issuer + "' is not");
			}
			return issuer;
		}

		private Grant grant(Where where, String team, int index, PolicyFile.@Nullable GrantEntry entry) {
			if (entry == null) {
				throw fail(where, "the grant is empty");
			}
			String id = (entry.id() != null) ? entry.id() : team + "#" + index;
			if (!NAME.matcher(id).matches()) {
				throw fail(where.child("", "id"), "'id' must be 1-64 letters, digits, '_.#-'");
			}
			if (!this.grantIds.add(id)) {
				throw fail(where.child("", "id"), "another grant has the id '" + id + "'");
			}
			if (entry.resources() == null || entry.resources().isEmpty()) {
				throw fail(where, "'resources' must list at least one resource pattern");
			}
			return new Grant(id, team, parse(where, "resources", entry.resources(), ResourcePattern::parse),
					parse(where, "read", entry.read(), FieldPattern::parse),
					parse(where, "reveal", entry.reveal(), FieldPattern::parse), Boolean.TRUE.equals(entry.evict()));
		}

		private <T> List<T> parse(Where grant, String key, @Nullable List<String> values, Function<String, T> parser) {
			if (values == null) {
				return List.of();
			}
			Set<T> parsed = new LinkedHashSet<>();
			for (int i = 0; i < values.size(); i++) {
				Where where = grant.child(key + "[" + i + "]", key, i);
				String value = values.get(i);
				if (value == null) {
					throw fail(where, "the entry is empty");
				}
				try {
					parsed.add(parser.apply(value));
				}
				catch (IllegalArgumentException ex) {
					throw fail(where, String.valueOf(ex.getMessage()));
				}
			}
			return List.copyOf(parsed);
		}

		InvalidPolicyException bindingFailed(JacksonException ex) {
			List<Object> path = new ArrayList<>();
			StringBuilder description = new StringBuilder();
			if (ex instanceof DatabindException databind) {
				for (var reference : databind.getPath()) {
					if (reference.getPropertyName() != null) {
						path.add(reference.getPropertyName());
						description.append(description.isEmpty() ? "" : ".").append(reference.getPropertyName());
					}
					else if (reference.getIndex() >= 0) {
						path.add(reference.getIndex());
						description.append('[').append(reference.getIndex()).append(']');
					}
				}
			}
			OptionalInt line = path.isEmpty() ? parserLine(ex) : this.lines.line(path);
			return invalid(line, description.toString(), ex.getOriginalMessage());
		}

		InvalidPolicyException fail(Where where, String reason) {
			return invalid(this.lines.line(where.path()), where.description(), reason);
		}

		private InvalidPolicyException invalid(OptionalInt line, String entry, String reason) {
			StringBuilder message = new StringBuilder("Invalid policy file ").append(this.source).append(": ");
			line.ifPresent((number) -> message.append("line ").append(number).append(": "));
			if (!entry.isEmpty()) {
				message.append(entry).append(": ");
			}
			return new InvalidPolicyException(message.append(reason).toString());
		}

		private static OptionalInt parserLine(JacksonException ex) {
			TokenStreamLocation location = ex.getLocation();
			return (location != null && location.getLineNr() > 0) ? OptionalInt.of(location.getLineNr())
					: OptionalInt.empty();
		}

	}

}
