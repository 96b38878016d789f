package dev.credbroker.policy;

import java.util.List;
import java.util.Set;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import dev.credbroker.support.PolicySchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The shipped JSON Schema accepts what the loader accepts and refuses what it refuses, so editors
 * that use it give the same verdict as the broker.
 */
class PolicySchemaTests {

	private static final YAMLMapper yaml = YAMLMapper.builder().build();

	private static final Schema schema = PolicySchema.get();

	@Test
	void acceptsTheIssuesExampleAndTheTestPolicies() {
		assertThat(validate(Policies.text("issue-example.yaml"))).isEmpty();
		assertThat(validate(Policies.text("test-policies.yaml"))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{}", "teams: [{name: a}]", "teams: [{name: a, members: []}]",
			"teams: [{name: a, members: [{claim: r}]}]", "teams: [{name: 'a b', members: [{claim: r, anyOf: [x]}]}]",
			"teams: [{name: a, members: [{claim: r, anyOf: [x]}], grants: [{read: ['**']}]}]",
			"teams: [{name: a, members: [{claim: r, anyOf: [x]}], grants: [{resources: ['/s'], reed: ['**']}]}]",
			"teams: [{name: a, members: [{claim: r, anyOf: [x]}], grants: [{resources: ['/s/**x']}]}]",
			"teams: [{name: a, members: [{claim: r, anyOf: [x]}], grants: [{resources: ['s']}]}]",
			"teams: [{name: a, members: [{claim: r, anyOf: [x]}], grants: [{resources: ['/s'], read: ['a..b']}]}]",
			"teams: [{name: a, members: [{claim: r, anyOf: [x]}], grants: [{resources: ['/s'], read: ['a**']}]}]",
			"teams: [{name: a, members: [{claim: r, anyOf: [x]}], grants: [{resources: ['/s'], read: ['a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q']}]}]",
			"teams: [{name: a, members: [{claim: r, anyOf: [x]}], grants: [{resources: ['/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z/a/b/c/d/e/f/g']}]}]",
			"teams: [{name: a, members: [{claim: r, anyOf: [x]}], quota: {requestsPerMinute: 0}}]",
			"teams: [{name: a, members: [{claim: '/kubernetes.io//namespace', anyOf: [x]}]}]",
			"teams: [{name: a, members: [{claim: '/a~2', anyOf: [x]}]}]",
			"teams: [{name: a, members: [{claim: ' r', anyOf: [x]}]}]",
			"teams: [{name: a, members: [{claim: r, anyOf: [x]}], quota: {requestsPerMinute: 2147483648}}]" })
	void refusesWhatTheLoaderRefuses(String policy) {
		assertThat(validate(policy)).isNotEmpty();
		assertThatExceptionOfType(InvalidPolicyException.class)
			.isThrownBy(() -> Policies.load("p", policy.getBytes()));
	}

	@Test
	void acceptsWhatTheLoaderAcceptsWithoutTeams() {
		String policy = "teams: []";

		assertThat(validate(policy)).isEmpty();
		assertThat(Policies.load("p", policy.getBytes()).teams()).isEmpty();
	}

	@Test
	void acceptsWhatTheLoaderAcceptsWithEveryEntry() {
		String policy = "teams: [{name: a, members: [{claim: r, anyOf: [x], issuer: 'https://issuer.test/trusted'}], grants: [{id: g.1, "
				+ "resources: ['/subscriptions/**/computes/*'], read: ['**', 'vm.*', '*.username', 'a*b*c'], "
				+ "reveal: ['x'], evict: true}], quota: {requestsPerMinute: 5}}]";

		assertThat(validate(policy)).isEmpty();
		Policy loaded = Policies.load("p", policy.getBytes());
		assertThat(loaded.teams()).singleElement().satisfies((team) -> {
			assertThat(team.name()).isEqualTo("a");
			assertThat(team.members()).containsExactly(new ClaimMatcher("r", Set.of("x"), "https://issuer.test/trusted"));
			assertThat(team.requestsPerMinute()).isEqualTo(5);
			assertThat(team.grants()).singleElement().satisfies((grant) -> {
				assertThat(grant.id()).isEqualTo("g.1");
				assertThat(grant.team()).isEqualTo("a");
				assertThat(grant.resources()).map(Object::toString).containsExactly("/subscriptions/**/computes/*");
				assertThat(grant.read()).map(Object::toString).containsExactly("**", "vm.*", "*.username", "a*b*c");
				assertThat(grant.reveal()).map(Object::toString).containsExactly("x");
				assertThat(grant.evict()).isTrue();
			});
		});
	}

	@Test
	void acceptsClaimsNamedOrPointedAt() {
		String policy = "teams: [{name: a, members: [{claim: /kubernetes.io/namespace, anyOf: [x]}, "
				+ "{claim: '/a~1b/c~0d', anyOf: [y]}, {claim: kubernetes.io, anyOf: [z]}]}]";

		assertThat(validate(policy)).isEmpty();
		assertThat(Policies.load("p", policy.getBytes()).teams().get(0).members()).extracting(ClaimMatcher::path)
			.containsExactly(List.of("kubernetes.io", "namespace"), List.of("a/b", "c~d"), List.of("kubernetes.io"));
	}

	@Test
	void acceptsWhatTheLoaderAcceptsAtItsLimits() {
		String policy = "teams: [{name: a, members: [{claim: r, anyOf: [x]}], grants: [{resources: "
				+ "['/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z/a/b/c/d/e/f'], read: ['a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p']}]}]";

		assertThat(validate(policy)).isEmpty();
		assertThat(Policies.load("p", policy.getBytes()).teams()).singleElement()
			.satisfies((team) -> assertThat(team.grants()).singleElement()
				.satisfies((grant) -> assertThat(grant.read()).map(Object::toString)
					.containsExactly("a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p")));
	}

	private static List<Error> validate(String policy) {
		JsonNode document = yaml.readTree(policy);
		return schema.validate(document);
	}

}
