package dev.credbroker.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.credbroker.support.Eventually;
import dev.credbroker.support.TestPolicies;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reloads against real files, including the way Kubernetes updates a ConfigMap mount: the file is
 * a symlink through {@code ..data}, itself a symlink that is swapped to a new directory.
 */
@ExtendWith(OutputCaptureExtension.class)
class PolicyStoreTests {

	private static final String ONE_TEAM = "teams:\n  - {name: a, members: [{claim: roles, anyOf: [a]}]}\n";

	private static final String TWO_TEAMS = ONE_TEAM + "  - {name: b, members: [{claim: roles, anyOf: [b]}]}\n";

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@TempDir
	Path mount;

	@Test
	void reloadsWhenKubernetesSwapsTheConfigMapSymlink() throws IOException {
		Path policies = configMap(ONE_TEAM);
		PolicyStore store = store(policies);
		assertThat(store.current().teams()).hasSize(1);
		assertThat(store.reloadIfChanged()).isFalse();

		swap("..2026_11_25_02", TWO_TEAMS);

		assertThat(store.reloadIfChanged()).isTrue();
		assertThat(store.current().teams()).hasSize(2);
		assertThat(reloads("success")).isEqualTo(1);
		assertThat(lastReloadSuccessful()).isOne();
		assertThat(store.reloadIfChanged()).isFalse();
	}

	@Test
	void anInvalidChangeKeepsTheRunningPolicy() throws IOException {
		Path policies = configMap(ONE_TEAM);
		PolicyStore store = store(policies);
		Policy running = store.current();
		assertThat(lastReloadSuccessful()).isOne();

		swap("..2026_11_25_02", "teams:\n  - {name: a, members: []}\n");

		assertThat(store.reloadIfChanged()).isFalse();
		assertThat(store.current()).isSameAs(running);
		assertThat(reloads("failure")).isEqualTo(1);
		// Said once: the same invalid content is not refused again at every poll, but the refusal
		// stands as long as the file does.
		assertThat(store.reloadIfChanged()).isFalse();
		assertThat(reloads("failure")).isEqualTo(1);
		assertThat(lastReloadSuccessful()).isZero();

		swap("..2026_11_25_03", TWO_TEAMS);

		assertThat(store.reloadIfChanged()).isTrue();
		assertThat(store.current().teams()).hasSize(2);
		assertThat(lastReloadSuccessful()).isOne();
	}

	@Test
	void aFileThatDisappearsKeepsTheRunningPolicy() throws IOException {
		Path file = this.mount.resolve("plain.yaml");
		Files.writeString(file, ONE_TEAM);
		PolicyStore store = store(file);

		Files.delete(file);

		assertThat(store.reloadIfChanged()).isFalse();
		assertThat(store.current().teams()).hasSize(1);
		assertThat(reloads("failure")).isEqualTo(1);
		assertThat(lastReloadSuccessful()).isZero();
		// Said once, not at every poll, until the file can be read again.
		assertThat(store.reloadIfChanged()).isFalse();
		assertThat(reloads("failure")).isEqualTo(1);

		Files.writeString(file, ONE_TEAM);

		assertThat(store.reloadIfChanged()).isTrue();
		assertThat(lastReloadSuccessful()).isOne();
	}

	@Test
	void aFileNestedTooDeepIsRefusedAndALaterChangeApplied(CapturedOutput output) throws IOException {
		Path policies = configMap(TWO_TEAMS);
		PolicyStore store = store(policies);

		// Deep enough to overflow a recursive reader's stack.
		swap("..2026_11_25_02", "teams: " + "[".repeat(100_000) + "\n");

		assertThat(store.reloadIfChanged()).isFalse();
		assertThat(store.current().teams()).hasSize(2);
		assertThat(reloads("failure")).isEqualTo(1);
		assertThat(lastReloadSuccessful()).isZero();
		assertThat(output.getAll()).contains("Invalid policy file " + policies + ": line 1, column 39: mappings and "
				+ "lists nest deeper than 32 levels here");
		assertThat(store.reloadIfChanged()).isFalse();
		assertThat(reloads("failure")).isEqualTo(1);

		// Team b loses its access.
		swap("..2026_11_25_03", ONE_TEAM);

		assertThat(store.reloadIfChanged()).isTrue();
		assertThat(store.current().teams()).extracting(Team::name).containsExactly("a");
		assertThat(lastReloadSuccessful()).isOne();
	}

	@Test
	void aChangeTheLoaderFailsOnOtherwiseIsRefusedAsAnInvalidOneIs(CapturedOutput output) throws IOException {
		Path policies = configMap(ONE_TEAM);
		PolicyStore store = new PolicyStore(new FileSystemResource(policies), "policies.yaml", Policies.ONE_ISSUER,
				this.meters, FieldCatalog.ANY, (source, content, issuers) -> {
					String text = new String(content, StandardCharsets.UTF_8);
					if (text.contains("name: b")) {
						throw new IllegalStateException("a fault of the loader's");
					}
					if (text.contains("name: c")) {
						throw new StackOverflowError();
					}
					if (text.contains("name: d")) {
						throw new OutOfMemoryError("Java heap space");
					}
					return PolicyLoader.load(source, content, issuers);
				});
		Policy running = store.current();

		swap("..2026_11_25_02", TWO_TEAMS);

		assertThat(store.reloadIfChanged()).isFalse();
		assertThat(store.current()).isSameAs(running);
		assertThat(reloads("failure")).isEqualTo(1);
		assertThat(lastReloadSuccessful()).isZero();
		assertThat(output.getAll()).contains("Cannot load policy file policies.yaml: java.lang.IllegalStateException: "
				+ "a fault of the loader's; the running policy stays");
		assertThat(store.reloadIfChanged()).isFalse();
		assertThat(reloads("failure")).isEqualTo(1);

		swap("..2026_11_25_03", ONE_TEAM.replace("name: a", "name: c"));

		assertThat(store.reloadIfChanged()).isFalse();
		assertThat(store.current()).isSameAs(running);
		assertThat(reloads("failure")).isEqualTo(2);

		swap("..2026_11_25_04", ONE_TEAM.replace("name: a", "name: d"));

		// Counted, then on up: the JVM's own errors are not this store's to swallow.
		assertThatExceptionOfType(OutOfMemoryError.class).isThrownBy(store::reloadIfChanged);
		assertThat(store.current()).isSameAs(running);
		assertThat(reloads("failure")).isEqualTo(3);
		assertThat(lastReloadSuccessful()).isZero();
		assertThat(store.reloadIfChanged()).isFalse();

		swap("..2026_11_25_05", ONE_TEAM.replace("anyOf: [a]", "anyOf: [a, z]"));

		assertThat(store.reloadIfChanged()).isTrue();
		assertThat(lastReloadSuccessful()).isOne();
	}

	@Test
	void reloaderPollsOnAfterAPollThatThrows(CapturedOutput output) throws IOException {
		Path file = this.mount.resolve("plain.yaml");
		Files.writeString(file, ONE_TEAM);
		AtomicBoolean thrown = new AtomicBoolean();
		PolicyStore store = new PolicyStore(new FileSystemResource(file), file.toString(), Policies.ONE_ISSUER,
				this.meters, FieldCatalog.ANY) {

			@Override
			synchronized boolean reloadIfChanged() {
				if (thrown.compareAndSet(false, true)) {
					throw new StackOverflowError();
				}
				return super.reloadIfChanged();
			}

		};
		PolicyReloader reloader = new PolicyReloader(store, java.time.Duration.ofMillis(50));
		reloader.start();
		try {
			Eventually.until("a poll has thrown", thrown::get);
			Files.writeString(file, TWO_TEAMS);

			Eventually.until("the reloader has loaded two teams", () -> store.current().teams().size() == 2);
		}
		finally {
			reloader.stop();
		}
		assertThat(output.getAll()).contains("Policy reload failed; the next poll is in 50 ms")
			.contains("java.lang.StackOverflowError");
	}

	@Test
	void reloaderPicksUpAChangeByItself() throws IOException {
		Path file = this.mount.resolve("plain.yaml");
		Files.writeString(file, ONE_TEAM);
		PolicyStore store = store(file);
		PolicyReloader reloader = new PolicyReloader(store, java.time.Duration.ofMillis(50));
		reloader.start();
		try {
			Files.writeString(file, TWO_TEAMS);

			Eventually.until("the reloader has loaded two teams", () -> store.current().teams().size() == 2);
		}
		finally {
			reloader.stop();
		}
		assertThat(reloader.isRunning()).isFalse();
	}

	@Test
	void patternsThatMatchNoFieldAreWarnedOfAtLoadAndReload(CapturedOutput output) throws IOException {
		String typo = ONE_TEAM.replace("]}]}", "]}], grants: [{resources: [\"/subscriptions/**\"], "
				+ "read: [notebook.primaryKey, notebook.*], reveal: [notebook.primaryKey]}]}");
		Path policies = configMap(typo);

		PolicyStore store = store(policies, (pattern) -> pattern.matches("notebook.primaryAccessKey"));

		assertThat(output.getAll()).contains("field patterns that match no secret field, and so grant nothing: "
				+ "grant 'a#0' read 'notebook.primaryKey', grant 'a#0' reveal 'notebook.primaryKey'")
			.doesNotContain("'notebook.*'");
		swap("..2026_11_25_02", typo.replace("grants: [{", "grants: [{id: renamed, "));
		assertThat(store.reloadIfChanged()).isTrue();
		assertThat(output.getAll()).contains("grant 'renamed' read 'notebook.primaryKey'");
	}

	@Test
	void aPolicyWhosePatternsAllMatchIsLoadedWithoutWarning(CapturedOutput output) throws IOException {
		Path policies = configMap(ONE_TEAM.replace("]}]}",
				"]}], grants: [{resources: [\"/subscriptions/**\"], read: [notebook.*]}, {resources: [\"/s\"]}]}"));
		store(policies, (pattern) -> pattern.matches("notebook.primaryAccessKey"));

		assertThat(output.getAll()).contains("Loaded policy " + policies + ": 1 teams, 2 grants")
			.doesNotContain("match no secret field")
			.doesNotContain("can change themselves");
	}

	@Test
	void withSeveralTrustedIssuersAChangeWithARuleThatNamesNoIssuerIsRefused(CapturedOutput output)
			throws IOException {
		Path policies = configMap(ONE_TEAM.replace("anyOf: [a]", "anyOf: [a], issuer: 'https://issuer.test/trusted'"));
		PolicyStore store = new PolicyStore(new FileSystemResource(policies), "policies.yaml",
				new LinkedHashSet<>(List.of(TestPolicies.TRUSTED_ISSUER, TestPolicies.PARTNER_ISSUER)), this.meters,
				FieldCatalog.ANY);
		Policy running = store.current();

		swap("..2026_11_25_02", TWO_TEAMS);

		assertThat(store.reloadIfChanged()).isFalse();
		assertThat(store.current()).isSameAs(running);
		assertThat(reloads("failure")).isEqualTo(1);
		assertThat(output.getAll()).contains("Invalid policy file policies.yaml: line 2, column 25: team 'a' (teams[0]), "
				+ "members[0]: the rule on claim 'roles' must name its 'issuer'")
			.contains("; the running policy stays");
	}

	@Test
	void rulesOnClaimsTheirOwnersCanChangeAreWarnedOf(CapturedOutput output) throws IOException {
		store(configMap("""
				teams:
				  - name: a
				    members:
				      - {claim: roles, anyOf: [a]}
				      - {claim: email, anyOf: [someone@example.com]}
				  - name: b
				    members: [{claim: preferred_username, anyOf: [someone]}, {claim: oid, anyOf: [x]}]
				"""));

		assertThat(output.getAll()).contains("member rules on claims that a token's owner can change themselves")
			.contains("match oid, sub, azp/appid or roles instead: team 'a' members[1] 'email', "
					+ "team 'b' members[0] 'preferred_username'")
			.doesNotContain("someone");
	}

	private PolicyStore store(Path file) {
		return store(file, FieldCatalog.ANY);
	}

	private PolicyStore store(Path file, FieldCatalog catalog) {
		return new PolicyStore(new FileSystemResource(file), file.toString(), Policies.ONE_ISSUER, this.meters, catalog);
	}

	private double reloads(String result) {
		return this.meters.get("broker.policy.reloads").tag("result", result).counter().count();
	}

	private double lastReloadSuccessful() {
		return this.meters.get("broker.policy.last.reload.successful").gauge().value();
	}

	/** Lays out a mount as the kubelet does: policies.yaml -> ..data/policies.yaml, ..data -> ..ts. */
	private Path configMap(String content) throws IOException {
		Path version = Files.createDirectory(this.mount.resolve("..2026_11_25_01"));
		Files.writeString(version.resolve("policies.yaml"), content);
		Files.createSymbolicLink(this.mount.resolve("..data"), version.getFileName());
		Path policies = this.mount.resolve("policies.yaml");
		Files.createSymbolicLink(policies, Path.of("..data", "policies.yaml"));
		return policies;
	}

	/** Writes a new version and swaps ..data to it atomically, as the kubelet does. */
	private void swap(String versionName, String content) throws IOException {
		Path version = Files.createDirectory(this.mount.resolve(versionName));
		Files.writeString(version.resolve("policies.yaml"), content);
		Path next = this.mount.resolve("..data_tmp");
		Files.createSymbolicLink(next, version.getFileName());
		Files.move(next, this.mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
	}

}
