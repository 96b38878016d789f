package dev.credbroker.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.credbroker.CredentialBrokerApplication;
import org.jspecify.annotations.Nullable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Brokers in fleet mode, each a Spring application context of its own on random ports, sharing
 * one {@link RedisServer}, the shared {@link AzureStandIn} and {@link TestIssuer}: started once per
 * test class, closed after it.
 */
public final class FleetBrokers implements AutoCloseable {

	public static final String FINGERPRINT_KEY = "fleet-test-fingerprint-key-of-at-least-32-characters";

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private final Path encryptionKey;

	private final String encryptionKeyText;

	private FleetBrokers(Path encryptionKey, String encryptionKeyText) {
		this.encryptionKey = encryptionKey;
		this.encryptionKeyText = encryptionKeyText;
	}

	/**
	 * Closes a test class's peers, brokers before their Redis, skipping those that never started.
	 * @param peers the peers, in the order to close them
	 */
	public static void closeAll(@Nullable AutoCloseable... peers) {
		for (AutoCloseable peer : peers) {
			if (peer != null) {
				try {
					peer.close();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}
		}
	}

	/**
	 * Starts brokers.
	 * @param count how many
	 * @param redis their Redis
	 * @param properties more properties, the same for each
	 * @return the brokers
	 */
	public static FleetBrokers start(int count, RedisServer redis, Map<String, Object> properties) {
		String text = newKey();
		Path file = keyFile(text);
		FleetBrokers brokers = new FleetBrokers(file, text);
		for (int i = 0; i < count; i++) {
			// As arguments, which win over application.yaml, unlike default properties.
			String[] arguments = properties(redis, file, properties).entrySet()
				.stream()
				.map((property) -> "--" + property.getKey() + "=" + property.getValue())
				.toArray(String[]::new);
			brokers.contexts.add(new SpringApplicationBuilder(CredentialBrokerApplication.class).run(arguments));
		}
		return brokers;
	}

	/**
	 * A new sealing key, as {@code openssl rand -base64 32} makes one.
	 * @return its text
	 */
	public static String newKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

	/**
	 * A sealing key's file, as a Secret mounts it, for {@code broker.fleet.encryption-key} (which
	 * a test's properties may set, to start brokers with keys of its own).
	 * @param key the key's text
	 * @return the file
	 */
	public static Path keyFile(String key) {
		try {
			Path file = Files.createTempDirectory("fleet-key").resolve("key");
			Files.writeString(file, key + "\n");
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Map<String, Object> properties(RedisServer redis, Path key, Map<String, Object> more) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.port", 0);
		properties.put("management.server.port", 0);
		properties.put("broker.security.issuers[0]", TestIssuer.issuer(TestIssuer.TRUSTED));
		properties.put("broker.security.audiences[0]", TestIssuer.AUDIENCE);
		properties.put("broker.arm.endpoint", AzureStandIn.armEndpoint());
		properties.put("broker.policy.location", TestPolicies.location("fleet-policies.yaml"));
		properties.put("broker.audit.sink", "file");
		properties.put("broker.audit.file.path", AuditLog.scratchFile());
		properties.put("broker.redaction.fingerprint-key", FINGERPRINT_KEY);
		properties.put("spring.cloud.azure.credential.managed-identity-enabled", "true");
		properties.put("broker.fleet.mode", "redis");
		properties.put("broker.fleet.encryption-key", key.toString());
		properties.put("broker.fleet.probe-interval", "200ms");
		properties.put("spring.data.redis.host", "127.0.0.1");
		properties.put("spring.data.redis.port", redis.port());
		properties.put("spring.data.redis.password", RedisServer.PASSWORD);
		properties.put("resilience4j.retry.instances.arm.wait-duration", "20ms");
		properties.put("resilience4j.timelimiter.instances.arm.timeout-duration", "5s");
		properties.put("resilience4j.circuitbreaker.instances.arm.sliding-window-size", "1000");
		properties.put("resilience4j.circuitbreaker.instances.arm.minimum-number-of-calls", "1000");
		properties.putAll(more);
		return properties;
	}

	public ConfigurableApplicationContext context(int index) {
		return this.contexts.get(index);
	}

	/** @return an HTTP client of the broker's API */
	public Http http(int index) {
		return new Http(Integer.parseInt(context(index).getEnvironment().getRequiredProperty("local.server.port")));
	}

	/** @return an HTTP client of the broker's management port */
	public Http management(int index) {
		return new Http(
				Integer.parseInt(context(index).getEnvironment().getRequiredProperty("local.management.port")));
	}

	/** @return the broker's {@code broker.fleet.degraded} gauge: 1 while it cannot reach Redis */
	public double degraded(int index) {
		return meters(index).get("broker.fleet.degraded").gauge().value();
	}

	/**
	 * @param reason why ({@code unknown-key}, {@code not-authentic}, ...)
	 * @return how many of the fleet's entries the broker refused for that reason, none before the first
	 */
	public double refused(int index, String reason) {
		return count(index, "broker.fleet.entries.refused", reason);
	}

	/**
	 * @param reason why ({@code malformed}, {@code unknown-key}, ...)
	 * @return how many messages on the fleet's channel the broker refused for that reason, none
	 * before the first
	 */
	public double notificationsRefused(int index, String reason) {
		return count(index, "broker.fleet.notifications.refused", reason);
	}

	private double count(int index, String counter, String reason) {
		Counter refused = meters(index).find(counter).tag("reason", reason).counter();
		return (refused != null) ? refused.count() : 0;
	}

	private MeterRegistry meters(int index) {
		return context(index).getBean(MeterRegistry.class);
	}

	public int size() {
		return this.contexts.size();
	}

	/** @return the sealing key's file, for tests that rotate it */
	public Path encryptionKey() {
		return this.encryptionKey;
	}

	/** @return the sealing key's text, which must never be found in Redis */
	public String encryptionKeyText() {
		return this.encryptionKeyText;
	}

	@Override
	public void close() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

}
