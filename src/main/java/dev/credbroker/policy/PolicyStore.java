package dev.credbroker.policy;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.Resource;

/**
 * The policy in force. Loaded at start-up, where an invalid file stops the broker; reloaded when
 * the file changes, where a file that does not load, whatever the reason, is refused and the
 * running policy stays.
 */
public class PolicyStore {

	private static final Log logger = LogFactory.getLog(PolicyStore.class);

	private final Resource resource;

	private final String source;

	private final AtomicReference<Policy> current = new AtomicReference<>();

	private final Counter reloaded;

	private final Counter refused;

	private final FieldCatalog catalog;

	private final Set<String> trustedIssuers;

	private final Loader loader;

	private byte[] lastSeen = new byte[0];

	/** Whether the file's content is the policy in force: false from a refused change to the next applied. */
	private volatile boolean lastReloadSuccessful = true;

	PolicyStore(Resource resource, String source, Set<String> trustedIssuers, MeterRegistry meterRegistry,
			FieldCatalog catalog) {
		this(resource, source, trustedIssuers, meterRegistry, catalog, PolicyLoader::load);
	}

	PolicyStore(Resource resource, String source, Set<String> trustedIssuers, MeterRegistry meterRegistry,
			FieldCatalog catalog, Loader loader) {
		this.resource = resource;
		this.loader = loader;
		this.source = source;
		this.trustedIssuers = Collections.unmodifiableSet(new LinkedHashSet<>(trustedIssuers));
		this.catalog = catalog;
		this.reloaded = Counter.builder("broker.policy.reloads")
			.description("Policy file reloads, by result")
			.tag("result", "success")
			.register(meterRegistry);
		this.refused = Counter.builder("broker.policy.reloads")
			.description("Policy file reloads, by result")
			.tag("result", "failure")
			.register(meterRegistry);
		// Prometheus' own idiom (prometheus_config_last_reload_successful): an alert can last as
		// long as the refused file does, which a count of refusals cannot tell.
		Gauge.builder("broker.policy.last.reload.successful", this, (store) -> store.lastReloadSuccessful ? 1 : 0)
			.description("1 while the policy file is the policy in force, 0 from a refused change to the next applied")
			.register(meterRegistry);
		byte[] content = read();
		this.current.set(loader.load(source, content, this.trustedIssuers));
		this.lastSeen = digest(content);
		logger.info("Loaded policy " + source + ": " + describe(this.current.get()));
		warnOfWeakEntries(this.current.get());
	}

	public Policy current() {
		return this.current.get();
	}

	/**
	 * Reloads the file if its content changed since it was last read. Content, not timestamps:
	 * Kubernetes swaps ConfigMap mounts by replacing a symlink, which keeps neither.
	 * @return whether a new policy is in force
	 */
	synchronized boolean reloadIfChanged() {
		byte[] content;
		try {
			content = read();
		}
		catch (InvalidPolicyException ex) {
			// Said once, not at every poll, until the file can be read again.
			if (this.lastSeen.length > 0) {
				this.lastSeen = new byte[0];
				this.refused.increment();
				this.lastReloadSuccessful = false;
				logger.error(ex.getMessage() + "; the running policy stays");
			}
			return false;
		}
		byte[] digest = digest(content);
		if (Arrays.equals(digest, this.lastSeen)) {
			return false;
		}
		Policy policy;
		try {
			policy = this.loader.load(this.source, content, this.trustedIssuers);
		}
		catch (InvalidPolicyException ex) {
			refuse(digest, ex.getMessage(), null);
			return false;
		}
		catch (Throwable ex) {
			// A fault of the broker's rather than a verdict on the file, but the file is not in force
			// all the same, and the gauge and its alert must say so: refused as an invalid file is,
			// with the stack for whoever fixes the fault. Of the JVM's own errors a StackOverflowError
			// is this load's alone; the others go on up once counted, to the reloader, which lives on.
			refuse(digest, "Cannot load policy file " + this.source + ": " + ex, ex);
			if (ex instanceof VirtualMachineError error && !(ex instanceof StackOverflowError)) {
				throw error;
			}
			return false;
		}
		this.lastSeen = digest;
		this.current.set(policy);
		this.reloaded.increment();
		this.lastReloadSuccessful = true;
		logger.info("Reloaded policy " + this.source + ": " + describe(policy));
		warnOfWeakEntries(policy);
		return true;
	}

	/**
	 * Refuses a changed file, once: its digest is kept, so the same content is not loaded and
	 * logged again at every poll, while the gauge stays 0 until a different content is applied.
	 */
	private void refuse(byte[] digest, String message, @Nullable Throwable cause) {
		this.lastSeen = digest;
		this.refused.increment();
		this.lastReloadSuccessful = false;
		if (cause != null) {
			logger.error(message + "; the running policy stays", cause);
		}
		else {
			logger.error(message + "; the running policy stays");
		}
	}

	/** How a file's content becomes a policy: {@link PolicyLoader#load}, but for tests. */
	@FunctionalInterface
	interface Loader {

		Policy load(String source, byte[] content, Set<String> trustedIssuers);

	}

	/** Entries that load, but that their authors should hear of. */
	private void warnOfWeakEntries(Policy policy) {
		for (String warning : policy.warnings(this.catalog)) {
			logger.warn("Policy " + this.source + ": " + warning);
		}
	}

	private byte[] read() {
		try (InputStream in = this.resource.getInputStream()) {
			return in.readAllBytes();
		}
		catch (IOException | RuntimeException ex) {
			// A RuntimeException too (a resource's UncheckedIOException): a file not read is refused.
			throw new InvalidPolicyException("Cannot read policy file " + this.source + ": " + ex.getMessage());
		}
	}

	private static byte[] digest(byte[] content) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(content);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String describe(Policy policy) {
		long grants = policy.teams().stream().mapToLong((team) -> team.grants().size()).sum();
		return policy.teams().size() + " teams, " + grants + " grants";
	}

}
