package dev.credbroker.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import dev.credbroker.secrets.SecretKinds;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a caller's {@code fields} and {@code reveal} can cost the policy (issue 13): the usual
 * request, one name revealed, next to the worst one within the limits, 32 patterns in each
 * parameter, each 16 parts of {@code **} and starred parts that nearly match every field of a
 * workspace and match none, so that every pattern is tried on every field to its last part. Both
 * parse their patterns and decide on a workspace's nine fields, as the dry run does. With
 * bench/policies.yaml, like {@link DecisionBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PatternBenchmark {

	private static final String WORKSPACE = "/subscriptions/00000000-0000-4000-8000-0000000be0c0/resourceGroups/rg-bench"
			+ "/providers/Microsoft.MachineLearningServices/workspaces/ws-bench";

	private static final Map<String, Object> CLAIMS = Map.of("sub", "bench-client", "azp", "bench-client", "iss",
			"http://127.0.0.1:18482/bench", "roles", List.of("team-bench"), "groups", List.of("bench-readers"));

	/** The usual request's one revealed name. */
	private static final String USUAL = "containerRegistry.passwords.password";

	/** A field name as long as a pattern may be, of many short parts. */
	private static final String LONG_FIELD = String.join(".", Collections.nCopies(32, "pas")) + ".x";

	@Param({ "stars", "letters", "short" })
	public String shape;

	private Access access;

	private List<String> worst;

	private FieldPattern worstOne;

	private List<FieldPattern> worstFields;

	private List<FieldPattern> worstReveal;

	private List<Pattern> regexes;

	@Setup
	public void setUp() throws IOException {
		Path file = Path.of(System.getProperty("bench.policy", "bench/policies.yaml"));
		this.access = PolicyLoader.load(file.toString(), Files.readAllBytes(file), Set.of((String) CLAIMS.get("iss")))
			.access(CLAIMS, WORKSPACE);
		this.worst = new ArrayList<>();
		for (int i = 0; i < 64; i++) {
			this.worst.add(worst(this.shape, i));
		}
		for (String pattern : this.worst) {
			FieldPattern parsed = FieldPattern.parse(pattern);
			for (String field : SecretKinds.WORKSPACE.knownFields()) {
				if (parsed.matches(field)) {
					throw new IllegalStateException(pattern + " matches " + field);
				}
			}
		}
		this.worstOne = FieldPattern.parse(this.worst.get(0));
		this.worstFields = this.worst.subList(0, 32).stream().map(FieldPattern::parse).toList();
		this.worstReveal = this.worst.subList(32, 64).stream().map(FieldPattern::parse).toList();
		this.regexes = this.worst.stream().map(PatternBenchmark::regex).toList();
		if (!usual().allowed() || !worstCase().allowed() || !worstCase().readable().isEmpty()
				|| this.worstOne.matches(LONG_FIELD) || worstCaseRegex() != 0) {
			throw new IllegalStateException("The benchmark's requests are not what they should be");
		}
	}

	/**
	 * The {@code i}th worst pattern: 16 parts, at most 128 characters, each distinct.
	 */
	static String worst(String shape, int i) {
		String tag = Integer.toString(i, 36);
		return switch (shape) {
			// ** between parts that match any part, the last one nearly.
			case "stars" -> "**.*.**.*.**.*" + tag + "q.**.**.**.**.**.**.**.**.**.**";
			// ** between parts of many single letters, found in order in most parts.
			case "letters" -> "**.*o*n*t*a*i*n*e*r*.**.*a*s*s*w*o*r*d*s*.**.*a*s*s*w*o*r*d*" + tag
					+ "q*.**.**.**.**.**.**.**.**.**.**";
			// As many single parts as the workspace's longest field, the rest **.
			case "short" -> "**.*e*.**.*s*.**.*s*" + tag + "q.**.**.**.**.**.**.**.**.**.**";
			default -> throw new IllegalArgumentException(shape);
		};
	}

	/** The usual request: one name revealed, decided on a workspace's nine fields. */
	@Benchmark
	public Decision usual() {
		List<FieldPattern> reveal = List.of(FieldPattern.parse(USUAL));
		return Decision.of(this.access, SecretKinds.WORKSPACE.knownFields(), List.of(), reveal);
	}

	/** The worst request: 32 worst patterns in {@code fields} and 32 in {@code reveal}. */
	@Benchmark
	public Decision worstCase() {
		List<FieldPattern> fields = new ArrayList<>(32);
		List<FieldPattern> reveal = new ArrayList<>(32);
		for (int i = 0; i < 32; i++) {
			fields.add(FieldPattern.parse(this.worst.get(i)));
			reveal.add(FieldPattern.parse(this.worst.get(32 + i)));
		}
		return Decision.of(this.access, SecretKinds.WORKSPACE.knownFields(), fields, reveal);
	}

	/** The worst request's decision alone, on its patterns parsed already. */
	@Benchmark
	public Decision worstCaseDecisionOnly() {
		return Decision.of(this.access, SecretKinds.WORKSPACE.knownFields(), this.worstFields, this.worstReveal);
	}

	/** One worst pattern against a long field name of many parts. */
	@Benchmark
	public boolean worstPatternLongField() {
		return this.worstOne.matches(LONG_FIELD);
	}

	/**
	 * The worst request's matching as the broker once did it, with the backtracking expressions its
	 * patterns compiled to (compiled once here, not per request): every pattern on every field.
	 */
	@Benchmark
	public int worstCaseRegex() {
		int matches = 0;
		for (Pattern regex : this.regexes) {
			for (String field : SecretKinds.WORKSPACE.knownFields()) {
				if (regex.matcher("." + field).matches()) {
					matches++;
				}
			}
		}
		return matches;
	}

	private static Pattern regex(String pattern) {
		StringBuilder regex = new StringBuilder();
		for (String part : pattern.split("\\.", -1)) {
			regex.append(part.equals("**") ? "(?:\\.[^.]+)*" : "\\." + part.replace("*", "[^.]*"));
		}
		return Pattern.compile(regex.toString());
	}

}
