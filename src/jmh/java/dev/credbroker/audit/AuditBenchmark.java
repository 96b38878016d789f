package dev.credbroker.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.credbroker.crypto.HmacKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import tools.jackson.databind.json.JsonMapper;

/**
 * Audit serialisation: the record of a cache-hit request (bench/run's phase 2: nine fields
 * returned), as a draft (serialised outside the trail's lock), through the mapper as before, chained
 * (its HMAC under the chain key, under the lock), and written through the trail to a file and to
 * nowhere.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AuditBenchmark {

	private final JsonMapper json = JsonMapper.builder().build();

	private final AuditChain chain = new AuditChain(
			new HmacKey("bench-audit-chain-key-not-a-secret-0123456789".getBytes(StandardCharsets.UTF_8)),
			new AuditChain.Origin("credential-broker-7c9f8d6b5-x2x4q", UUID.randomUUID().toString()));

	private AuditEvent event;

	private AuditChain.Draft draft;

	private Path directory;

	private AuditTrail fileTrail;

	private AuditTrail nullTrail;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		List<AuditEvent.Returned> returned = new ArrayList<>();
		for (String field : List.of("userStorageKey", "userStorageResourceId", "appInsightsInstrumentationKey",
				"containerRegistry.location", "containerRegistry.username", "containerRegistry.passwords.password",
				"containerRegistry.passwords.password2", "notebook.primaryAccessKey", "notebook.secondaryAccessKey")) {
			returned.add(new AuditEvent.Returned(field,
					field.equals("containerRegistry.passwords.password") ? AuditEvent.Disclosure.REVEALED : AuditEvent.Disclosure.REDACTED,
					"hmac-sha256:0960dcc14975c79713c9eade1b2d7780"));
		}
		this.event = new AuditEvent("2026-11-25T11:37:16.633790770Z", UUID.randomUUID().toString(),
				new AuditEvent.Caller("bench-client", "http://127.0.0.1:18482/bench", "bench-client",
						"00000000-0000-4000-8000-0000000be0c0"),
				List.of("team-bench", "bench-readers"), "workspace.listKeys",
				"/subscriptions/00000000-0000-4000-8000-0000000be0c0/resourceGroups/rg-bench/providers/"
						+ "Microsoft.MachineLearningServices/workspaces/ws-bench",
				new AuditEvent.Requested(List.of(), List.of("containerRegistry.passwords.password")), AuditEvent.Verdict.ALLOW, "allow",
				List.of("bench-workspaces", "readers-storage"), returned,
				new AuditEvent.Upstream(0, "2f1c7a0e-bench", "hit"), 200, 1, "127.0.0.1",
				"4bf92f3577b34da6a3ce929d0e0e4736");
		this.draft = AuditChain.draft(this.json, this.event);
		this.directory = Files.createTempDirectory("audit-bench");
		this.nullTrail = new AuditTrail(new AuditSink() {

			@Override
			public void write(byte[] line) {
			}

			@Override
			public String name() {
				return "null";
			}

			@Override
			public String problem() {
				return null;
			}

		}, this.chain, AuditTrail.ChainPosition.START, new SimpleMeterRegistry());
	}

	/** Each iteration starts a new file, so that the file stays small. */
	@Setup(Level.Iteration)
	public void newFile() throws IOException {
		if (this.fileTrail != null) {
			this.fileTrail.close();
		}
		Path file = this.directory.resolve("audit.jsonl");
		Files.deleteIfExists(file);
		this.fileTrail = new AuditTrail(new FileAuditSink(file), this.chain, AuditTrail.ChainPosition.START,
				new SimpleMeterRegistry());
	}

	@TearDown(Level.Trial)
	public void tearDown() throws IOException {
		try (var files = Files.list(this.directory)) {
			for (Path file : files.toList()) {
				Files.delete(file);
			}
		}
		Files.delete(this.directory);
	}

	/** The record serialised, outside the lock. */
	@Benchmark
	public AuditChain.Draft draft() {
		return AuditChain.draft(this.json, this.event);
	}

	/** The event serialised through the mapper, as the draft was made before it wrote each member. */
	@Benchmark
	public byte[] eventThroughTheMapper() {
		return this.json.writeValueAsBytes(this.event);
	}

	/** The draft placed in the chain: its HMAC, under the lock. */
	@Benchmark
	public AuditChain.Chained chain() {
		return this.chain.link(this.draft, 42, AuditChain.GENESIS);
	}

	/** A whole record written to a file, kept open, by one request at a time. */
	@Benchmark
	public void recordToFile() {
		this.fileTrail.record(this.event);
	}

	/**
	 * Whole records written to a file by 8 requests at once, as under load: the group commit writes
	 * the records that queued during a write in the next one. Compare its time per record with
	 * {@link #recordToFile()}'s times 8.
	 */
	@Benchmark
	@Threads(8)
	public void recordToFileConcurrently() {
		this.fileTrail.record(this.event);
	}

	/** A whole record, written nowhere. */
	@Benchmark
	public void recordToNothing() {
		this.nullTrail.record(this.event);
	}

}
