package dev.credbroker.secrets;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import dev.credbroker.crypto.SealingKeys;
import dev.credbroker.crypto.UnsealException;
import dev.credbroker.fleet.Fleet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Azure's answers as the fleet shares them in Redis: each entry sealed with AES-256-GCM, bound to
 * the kind of secret and the resource it answers for, so that Redis never holds a secret in clear
 * and an entry moved under another resource's or kind's key does not open. An entry that does not open (another key, altered, moved)
 * is deleted and never served; the cache then asks Azure again. Also the fleet's locks on flights
 * to Azure and its notifications. Every operation fails at once while Redis is down.
 * <p>
 * Trusts Redis to keep entries, not to keep them secret nor unaltered: the sealing keys, mounted
 * from a Secret, never reach it.
 */
final class SharedAnswers {

	private static final Log logger = LogFactory.getLog(SharedAnswers.class);

	/** The entry's layout: 2 added the fields in clear and the validity Azure gave the secret. */
	private static final byte FORMAT = 2;

	private static final byte SECRETS = 1;

	private static final byte NOT_FOUND = 2;

	private final Fleet fleet;

	private final SealingKeys keys;

	private final MeterRegistry meterRegistry;

	SharedAnswers(Fleet fleet, SealingKeys keys, MeterRegistry meterRegistry) {
		this.fleet = fleet;
		this.keys = keys;
		this.meterRegistry = meterRegistry;
	}

	boolean isUp() {
		return this.fleet.isUp();
	}

	/**
	 * The fleet's entry for one kind of a resource's secrets.
	 * @param key the entry's key, the kind and the resource ({@link SecretsCache#key})
	 * @return the entry, or {@code null} if there is none, or none that opens
	 */
	CompletableFuture<@Nullable Shared> read(String key) {
		String entry = this.fleet.key("entry", key);
		return this.fleet.call((redis) -> redis.get(entry)).thenCompose((sealed) -> {
			if (sealed == null) {
				return CompletableFuture.completedFuture(null);
			}
			try {
				return CompletableFuture.completedFuture(decode(key, this.keys.open(sealed, associatedData(key))));
			}
			catch (UnsealException ex) {
				refused(key, ex.reason().value());
			}
			catch (IOException | RuntimeException ex) {
				refused(key, "unreadable");
			}
			// Deleted only if no one wrote it again meanwhile.
			return this.fleet.deleteIf(entry, sealed).handle((deleted, failure) -> null);
		});
	}

	private void refused(String key, String reason) {
		Counter.builder("broker.fleet.entries.refused")
			.description("Entries in Redis that did not open (another key, altered, moved), deleted unserved")
			.tag("reason", reason)
			.register(this.meterRegistry)
			.increment();
		logger.warn("The fleet's entry for " + key + " was refused (" + reason + "): deleted, never served; Azure "
				+ "is asked again");
	}

	/**
	 * Shares Azure's answer, if the flight still holds the lock: not after an eviction.
	 * @param key the entry's key, the kind and the resource ({@link SecretsCache#key})
	 * @param owner the flight's owner
	 * @param secrets the answer
	 * @param ttl how long Redis keeps it
	 * @return done
	 */
	CompletableFuture<?> write(String key, byte[] owner, ResourceSecrets secrets, Duration ttl) {
		return put(key, owner, encode(secrets, null, null), ttl);
	}

	/**
	 * Shares Azure's 404.
	 * @param key the entry's key, the kind and the resource ({@link SecretsCache#key})
	 * @param owner the flight's owner
	 * @param at when Azure answered, in epoch milliseconds
	 * @param armCode ARM's error code
	 * @param ttl how long Redis keeps it
	 * @return done
	 */
	CompletableFuture<?> writeNotFound(String key, byte[] owner, long at, @Nullable String armCode, Duration ttl) {
		return put(key, owner, encode(null, at, armCode), ttl);
	}

	private CompletableFuture<?> put(String key, byte[] owner, byte[] plaintext, Duration ttl) {
		return this.fleet.putIfLocked(this.fleet.key("flight", key), owner, this.fleet.key("entry", key),
				this.keys.seal(plaintext, associatedData(key)), ttl);
	}

	/**
	 * Withdraws the fleet's entry, if the flight still holds the lock: after an answer from Azure
	 * that forbids serving what the entry holds, even stale.
	 * @param key the entry's key, the kind and the resource ({@link SecretsCache#key})
	 * @param owner the flight's owner
	 * @return whether there was an entry
	 */
	CompletableFuture<Boolean> withdraw(String key, byte[] owner) {
		return this.fleet.deleteIfLocked(this.fleet.key("flight", key), owner, this.fleet.key("entry", key));
	}

	CompletableFuture<Boolean> lock(String key, byte[] owner, Duration ttl) {
		return this.fleet.lock(this.fleet.key("flight", key), owner, ttl);
	}

	CompletableFuture<Boolean> unlock(String key, byte[] owner) {
		return this.fleet.deleteIf(this.fleet.key("flight", key), owner);
	}

	CompletableFuture<Void> answered(String key, Duration atMost) {
		return this.fleet.answered(key, atMost);
	}

	CompletableFuture<?> tellAnswered(String key) {
		return this.fleet.publish(Fleet.Event.ANSWERED, key);
	}

	/**
	 * Deletes a resource's entry and tells every replica to drop its copy. The flight's lock goes
	 * too, so that a call to Azure under way, which may predate a key rotation, shares nothing.
	 * @param key the entry's key, the kind and the resource ({@link SecretsCache#key})
	 * @return whether there was an entry
	 */
	CompletableFuture<Boolean> evict(String key) {
		return this.fleet.delete(this.fleet.key("entry", key))
			.thenCompose((deleted) -> this.fleet.delete(this.fleet.key("flight", key))
				.thenCompose((unlocked) -> this.fleet.publish(Fleet.Event.EVICTED, key))
				.thenApply((told) -> deleted > 0));
	}

	CompletableFuture<?> evictAll() {
		return this.fleet.deleteAll("entry").thenCompose((deleted) -> this.fleet.publish(Fleet.Event.EVICTED_ALL, ""));
	}

	void listen(Fleet.Listener listener) {
		this.fleet.listen(listener);
	}

	/** What an entry is bound to: the kind and resource it answers for, under the format's name. */
	private static byte[] associatedData(String key) {
		return ("credential-broker/fleet-entry/v2\n" + key).getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] encode(@Nullable ResourceSecrets secrets, @Nullable Long notFoundAt,
			@Nullable String armCode) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(FORMAT);
			if (secrets == null) {
				out.writeByte(NOT_FOUND);
				out.writeLong((notFoundAt != null) ? notFoundAt : 0);
				writeString(out, armCode);
				out.flush();
				return bytes.toByteArray();
			}
			out.writeByte(SECRETS);
			writeString(out, secrets.resourceId());
			writeString(out, secrets.kind());
			writeString(out, secrets.subtype());
			out.writeLong(secrets.retrievedAt().getEpochSecond());
			out.writeInt(secrets.retrievedAt().getNano());
			writeString(out, secrets.armRequestId());
			writeInstant(out, secrets.validity().refreshAfter());
			writeInstant(out, secrets.validity().expiresAt());
			out.writeInt(secrets.fields().size());
			for (Map.Entry<String, SecretValue> field : secrets.fields().entrySet()) {
				writeString(out, field.getKey());
				writeString(out, field.getValue().reveal());
				writeString(out, secrets.fingerprint(field.getKey()));
				out.writeBoolean(secrets.isClear(field.getKey()));
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Writing to memory failed", ex);
		}
		return bytes.toByteArray();
	}

	private static Shared decode(String key, byte[] plaintext) throws IOException {
		DataInputStream in = new DataInputStream(new ByteArrayInputStream(plaintext));
		if (in.readByte() != FORMAT) {
			throw new IOException("Unknown format");
		}
		byte type = in.readByte();
		if (type == NOT_FOUND) {
			return new Shared(null, in.readLong(), readString(in));
		}
		if (type != SECRETS) {
			throw new IOException("Unknown entry");
		}
		String resourceId = readRequired(in);
		String kind = readRequired(in);
		if (!SecretsCache.key(kind, resourceId).equals(key)) {
			throw new IOException("Another resource's or kind's entry");
		}
		String subtype = readString(in);
		Instant retrievedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
		String armRequestId = readString(in);
		SecretKind.Validity validity = new SecretKind.Validity(readInstant(in), readInstant(in));
		int count = in.readInt();
		Map<String, SecretValue> fields = new LinkedHashMap<>();
		Map<String, String> fingerprints = new LinkedHashMap<>();
		Set<String> clear = new HashSet<>();
		for (int i = 0; i < count; i++) {
			String name = readRequired(in);
			fields.put(name, new SecretValue(readRequired(in)));
			fingerprints.put(name, readRequired(in));
			if (in.readBoolean()) {
				clear.add(name);
			}
		}
		return new Shared(new ResourceSecrets(resourceId, kind, subtype, retrievedAt,
				Collections.unmodifiableMap(fields), Collections.unmodifiableMap(fingerprints), clear, validity,
				armRequestId), 0, null);
	}

	private static void writeInstant(DataOutputStream out, @Nullable Instant value) throws IOException {
		out.writeBoolean(value != null);
		if (value != null) {
			out.writeLong(value.getEpochSecond());
			out.writeInt(value.getNano());
		}
	}

	private static @Nullable Instant readInstant(DataInputStream in) throws IOException {
		return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
	}

	private static void writeString(DataOutputStream out, @Nullable String value) throws IOException {
		if (value == null) {
			out.writeInt(-1);
			return;
		}
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		out.writeInt(bytes.length);
		out.write(bytes);
	}

	private static @Nullable String readString(DataInputStream in) throws IOException {
		int length = in.readInt();
		if (length < 0) {
			return null;
		}
		return new String(in.readNBytes(length), StandardCharsets.UTF_8);
	}

	private static String readRequired(DataInputStream in) throws IOException {
		String value = readString(in);
		if (value == null) {
			throw new IOException("A value is missing");
		}
		return value;
	}

	/**
	 * An entry of the fleet's.
	 *
	 * @param secrets Azure's answer; {@code null} for a 404
	 * @param notFoundAt when Azure answered 404, in epoch milliseconds
	 * @param armCode ARM's error code with its 404
	 */
	record Shared(@Nullable ResourceSecrets secrets, long notFoundAt, @Nullable String armCode) {
	}

}
