package dev.credbroker.secrets;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.credbroker.azure.ComputeKeys;
import dev.credbroker.azure.WorkspaceKeys;
import dev.credbroker.support.Fixtures;
import dev.credbroker.support.Kubeconfigs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.json.JsonMapper;

/**
 * Views and fingerprints: a workspace's view with one field revealed (bench/run's phase 2), an AKS
 * compute's redacted view with 10 KiB kubeconfigs (phase 5), and single fingerprints: made (an
 * HMAC, once per value fetched from Azure) and remembered (every view of a cached value after the
 * first). The views' fingerprints are remembered ones, as on a cache hit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ViewBenchmark {

	private final JsonMapper json = JsonMapper.builder().build();

	private Fingerprinter fingerprinter;

	private Lookup workspace;

	private Lookup kubeconfig;

	private List<String> workspaceFields;

	private List<String> kubeconfigFields;

	private SecretValue small;

	private String smallText;

	private String largeText;

	@Setup
	public void setUp() {
		this.fingerprinter = new Fingerprinter(new RedactionProperties("bench-fingerprint-key-not-a-secret-0123456789"));
		WorkspaceKeys workspaceKeys = this.json.readValue(Fixtures.azure("workspace-list-keys-all-fields.json"),
				WorkspaceKeys.class);
		ComputeKeys computeKeys = this.json.readValue(Kubeconfigs.aksListKeys(10 * 1024), ComputeKeys.class);
		this.workspace = new Lookup(ResourceSecrets.of("/subscriptions/x/workspaces/ws-bench",
				"workspace", null, Instant.now(), SecretFields.of(workspaceKeys), "req-1", this.fingerprinter),
				Lookup.Outcome.HIT, Duration.ZERO);
		this.kubeconfig = new Lookup(ResourceSecrets.of("/subscriptions/x/workspaces/ws-bench/computes/aks-large",
				"compute", "AKS", Instant.now(), SecretFields.of(computeKeys), "req-2", this.fingerprinter),
				Lookup.Outcome.HIT, Duration.ZERO);
		this.workspaceFields = List.copyOf(this.workspace.secrets().fields().keySet());
		this.kubeconfigFields = List.copyOf(this.kubeconfig.secrets().fields().keySet());
		this.small = this.workspace.secrets().fields().get("notebook.primaryAccessKey");
		this.smallText = this.small.reveal();
		this.largeText = this.kubeconfig.secrets().fields().get("aks.userKubeConfig").reveal();
	}

	/** Nine workspace fields, one revealed, eight fingerprinted. */
	@Benchmark
	public KeysView workspaceView() {
		return KeysView.of(this.workspace, this.workspaceFields, List.of("containerRegistry.passwords.password"));
	}

	/** An AKS compute's three fields redacted, two of them 10 KiB kubeconfigs. */
	@Benchmark
	public KeysView kubeconfigView() {
		return KeysView.of(this.kubeconfig, this.kubeconfigFields, List.of());
	}

	/** The view as the response carries it. */
	@Benchmark
	public String workspaceViewJson() {
		return this.json.writeValueAsString(workspaceView());
	}

	/** A 26-character key's fingerprint, made. */
	@Benchmark
	public String fingerprintSmall() {
		return this.fingerprinter.fingerprint(new SecretValue(this.smallText));
	}

	/** A 10 KiB kubeconfig's fingerprint, made. */
	@Benchmark
	public String fingerprintKubeconfig() {
		return this.fingerprinter.fingerprint(new SecretValue(this.largeText));
	}

	/** A fingerprint the value remembers. */
	@Benchmark
	public String fingerprintRemembered() {
		return this.fingerprinter.fingerprint(this.small);
	}

}
