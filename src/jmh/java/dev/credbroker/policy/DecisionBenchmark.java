package dev.credbroker.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.credbroker.secrets.SecretKinds;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The policy decision of a cache-hit request (bench/run's phase 2): the caller's teams and the
 * grants covering the resource (remembered per resource by the policy), then the decision on the
 * fields a workspace may have, made before Azure or the cache is asked (and made again only when
 * Azure returns a field of another name). With bench/policies.yaml, read from the working directory (the project's, under bench/jmh).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecisionBenchmark {

	private static final String WORKSPACE = "/subscriptions/00000000-0000-4000-8000-0000000be0c0/resourceGroups/rg-bench"
			+ "/providers/Microsoft.MachineLearningServices/workspaces/ws-bench";

	/** The issuer bench/run trusts, alone, so that the bench policy's rules may leave it out. */
	private static final String ISSUER = "http://127.0.0.1:18482/bench";

	private static final Map<String, Object> CLAIMS = Map.of("sub", "bench-client", "azp", "bench-client", "iss",
			ISSUER, "roles", List.of("team-bench"), "groups", List.of("bench-readers"));

	private Policy policy;

	private Access access;

	private List<FieldPattern> reveal;

	@Setup
	public void setUp() throws IOException {
		Path file = Path.of(System.getProperty("bench.policy", "bench/policies.yaml"));
		this.policy = PolicyLoader.load(file.toString(), Files.readAllBytes(file), Set.of(ISSUER));
		this.access = this.policy.access(CLAIMS, WORKSPACE);
		this.reveal = List.of(FieldPattern.parse("containerRegistry.passwords.password"));
		if (!Decision.of(this.access, SecretKinds.WORKSPACE.knownFields(), List.of(), this.reveal).allowed()) {
			throw new IllegalStateException("The bench policy should allow the benchmark's request");
		}
	}

	/** The caller's teams and the grants that cover the workspace. */
	@Benchmark
	public Access access() {
		return this.policy.access(CLAIMS, WORKSPACE);
	}

	/** The decision on a workspace's nine fields, one revealed. */
	@Benchmark
	public Decision decision() {
		return Decision.of(this.access, SecretKinds.WORKSPACE.knownFields(), List.of(), this.reveal);
	}

	/** What a request costs the policy: access and decision, once each. */
	@Benchmark
	public Decision request() {
		Access access = this.policy.access(CLAIMS, WORKSPACE);
		return Decision.of(access, SecretKinds.WORKSPACE.knownFields(), List.of(), this.reveal);
	}

	/** Parsing the {@code reveal} parameter's one pattern. */
	@Benchmark
	public FieldPattern parseReveal() {
		return FieldPattern.parse("containerRegistry.passwords.password");
	}

}
