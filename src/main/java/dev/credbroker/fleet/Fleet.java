package dev.credbroker.fleet;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import dev.credbroker.crypto.SealingKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The replica's link to the fleet's Redis: one connection for commands, one for notifications,
 * Bucket4j's buckets over the first. While Redis cannot be reached the replica serves alone: every
 * operation here fails at once without trying, the change is logged once, and
 * {@code broker.fleet.degraded} is 1 until a probe finds Redis answering again. Lettuce reconnects
 * by itself, and its commands fail rather than wait while it is disconnected, so that no request
 * waits for a Redis that is down.
 * <p>
 * Trusts Redis to keep what it is given and to deliver notifications at most once: a lost
 * notification costs a wait until the next poll, never a wrong answer. It does not trust Redis
 * with secrets: those arrive here already sealed. Nor does it trust whoever can publish on Redis:
 * a notification is heard only if it is sealed under the fleet's keys and was sent just now
 * ({@link Notifications}).
 */
public class Fleet implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(Fleet.class);

	private static final Duration REFUSAL_REPORT_INTERVAL = Duration.ofMinutes(1);

	private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

	/** Deletes a key only if it still holds what the caller saw: a lock it owns, an entry it refused. */
	private static final String DELETE_IF = "if redis.call('get', KEYS[1]) == ARGV[1] then "
			+ "return redis.call('del', KEYS[1]) else return 0 end";

	/** Sets a key only while a lock is held by the caller: an answer shared by its flight's owner. */
	private static final String SET_IF_LOCKED = "if redis.call('get', KEYS[1]) == ARGV[1] then "
			+ "return redis.call('set', KEYS[2], ARGV[2], 'PX', ARGV[3]) else return false end";

	/** Deletes a key only while a lock is held by the caller: an answer withdrawn by its flight's owner. */
	private static final String DELETE_IF_LOCKED = "if redis.call('get', KEYS[1]) == ARGV[1] then "
			+ "return redis.call('del', KEYS[2]) else return 0 end";

	private final RedisClient client;

	private final FleetProperties properties;

	private final Clock clock;

	private final MeterRegistry meterRegistry;

	private final String channel;

	private final Notifications notifications;

	private final AtomicBoolean up = new AtomicBoolean();

	private final ScheduledExecutorService probe;

	private final List<Listener> listeners = new CopyOnWriteArrayList<>();

	/** Flights other replicas are on, by key: completed when one says it answered. */
	private final Map<String, CompletableFuture<Void>> answered = new ConcurrentHashMap<>();

	private volatile @Nullable StatefulRedisConnection<String, byte[]> connection;

	private volatile @Nullable StatefulRedisPubSubConnection<String, String> subscription;

	private volatile @Nullable ProxyManager<String> buckets;

	/** Whether Redis was ever reached, so that the first failure to reach it is told as such. */
	private volatile boolean everUp;

	private volatile boolean reportedUnreachable;

	/** When a refused notification was last logged, for each reason. */
	private final Map<Notifications.Refusal, Long> refusalReported = new ConcurrentHashMap<>();

	Fleet(RedisClient client, FleetProperties properties, SealingKeys keys, Clock clock, MeterRegistry meterRegistry) {
		this.client = client;
		this.properties = properties;
		this.clock = clock;
		this.meterRegistry = meterRegistry;
		this.channel = properties.keyPrefix() + ":events";
		this.notifications = new Notifications(keys, clock, this.channel);
		this.probe = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "broker-fleet-probe");
			thread.setDaemon(true);
			return thread;
		});
		Gauge.builder("broker.fleet.degraded", this, (fleet) -> fleet.isUp() ? 0 : 1)
			.description("1 while this replica cannot reach the fleet's Redis and serves alone")
			.register(meterRegistry);
	}

	/** Connects, or starts probing if Redis cannot be reached: the broker starts either way. */
	void start() {
		connect();
		long interval = this.properties.probeInterval().toMillis();
		this.probe.scheduleWithFixedDelay(this::probe, interval, interval, TimeUnit.MILLISECONDS);
	}

	/**
	 * Whether Redis is reachable, as far as this replica knows.
	 * @return {@code false} while the replica serves alone
	 */
	public boolean isUp() {
		return this.up.get();
	}

	/**
	 * The prefix of the broker's keys in Redis.
	 * @param kind what the key holds
	 * @param name its name
	 * @return the key
	 */
	public String key(String kind, String name) {
		return this.properties.keyPrefix() + ":" + kind + ":" + name;
	}

	/**
	 * Runs a command, unless Redis is known to be down. A failure marks it down.
	 * @param <T> the command's result
	 * @param command the command
	 * @return its result, or a failure at once while Redis is down
	 */
	public <T> CompletableFuture<T> call(Function<RedisAsyncCommands<String, byte[]>, RedisFuture<T>> command) {
		StatefulRedisConnection<String, byte[]> connection = this.connection;
		if (connection == null || !isUp()) {
			return CompletableFuture.failedFuture(new FleetUnavailableException());
		}
		try {
			return command.apply(connection.async()).toCompletableFuture().whenComplete((result, failure) -> {
				if (failure != null) {
					down(failure);
				}
			});
		}
		catch (RuntimeException ex) {
			down(ex);
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * Sets a key for a while, if the caller still holds a lock: an eviction, which deletes the
	 * lock, thus keeps a flight that started before it from writing an answer older than it.
	 * @param lock the lock
	 * @param owner who must hold it
	 * @param key the key
	 * @param value its value
	 * @param ttl how long Redis keeps it, at least a millisecond
	 * @return whether it was set
	 */
	public CompletableFuture<Boolean> putIfLocked(String lock, byte[] owner, String key, byte[] value, Duration ttl) {
		byte[] millis = Long.toString(Math.max(1, ttl.toMillis())).getBytes(StandardCharsets.US_ASCII);
		return call((redis) -> redis.<String>eval(SET_IF_LOCKED, ScriptOutputType.STATUS, new String[] { lock, key },
				owner, value, millis))
			.thenApply("OK"::equals);
	}

	/**
	 * Deletes a key, if the caller still holds a lock: a flight that learnt that an answer must no
	 * longer serve withdraws it, where a flight that took the lock since keeps its own.
	 * @param lock the lock
	 * @param owner who must hold it
	 * @param key the key
	 * @return whether it was deleted
	 */
	public CompletableFuture<Boolean> deleteIfLocked(String lock, byte[] owner, String key) {
		return call((redis) -> redis.<Long>eval(DELETE_IF_LOCKED, ScriptOutputType.INTEGER, new String[] { lock, key },
				owner))
			.thenApply((deleted) -> deleted != null && deleted > 0);
	}

	/**
	 * Deletes keys.
	 * @param keys the keys
	 * @return how many there were
	 */
	public CompletableFuture<Long> delete(String... keys) {
		return call((redis) -> redis.del(keys));
	}

	/**
	 * Takes a lock, if no one holds it.
	 * @param key the lock
	 * @param owner who takes it, to release it by
	 * @param ttl when it is released should its owner never do so
	 * @return whether it was taken
	 */
	public CompletableFuture<Boolean> lock(String key, byte[] owner, Duration ttl) {
		return call((redis) -> redis.set(key, owner, SetArgs.Builder.nx().px(Math.max(1, ttl.toMillis()))))
			.thenApply("OK"::equals);
	}

	/**
	 * Deletes a key if it holds a value: a lock released by its owner, an entry refused by a reader
	 * and not written again since.
	 * @param key the key
	 * @param value what it must hold
	 * @return whether it was deleted
	 */
	public CompletableFuture<Boolean> deleteIf(String key, byte[] value) {
		return call((redis) -> redis.<Long>eval(DELETE_IF, ScriptOutputType.INTEGER, new String[] { key }, value))
			.thenApply((deleted) -> deleted != null && deleted > 0);
	}

	/**
	 * Deletes every key of a kind, for tests and a fleet-wide eviction of everything.
	 * @param kind what the keys hold
	 * @return how many were deleted
	 */
	public CompletableFuture<Long> deleteAll(String kind) {
		return scanAndDelete(ScanCursor.INITIAL, key(kind, "*"), 0);
	}

	private CompletableFuture<Long> scanAndDelete(ScanCursor cursor, String pattern, long deleted) {
		return call((redis) -> redis.scan(cursor, ScanArgs.Builder.matches(pattern).limit(500)))
			.thenCompose((page) -> {
				CompletableFuture<Long> now = page.getKeys().isEmpty() ? CompletableFuture.completedFuture(0L)
						: call((redis) -> redis.unlink(page.getKeys().toArray(String[]::new)));
				return now.thenCompose((count) -> page.isFinished() ? CompletableFuture.completedFuture(deleted + count)
						: scanAndDelete(page, pattern, deleted + count));
			});
	}

	/**
	 * Tells every replica, this one included, of an event.
	 * @param event what happened
	 * @param key to which key; empty for all
	 * @return done, or failed if Redis is down
	 */
	public CompletableFuture<Long> publish(Event event, String key) {
		String message = this.notifications.encode(event, key);
		return call((redis) -> redis.publish(this.channel, message.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * Listens to events, published by any replica.
	 * @param listener given each event, its key and when it was sent
	 */
	public void listen(Listener listener) {
		this.listeners.add(listener);
	}

	/**
	 * Waits for another replica to say it answered for a key, at most a while: a notification lost
	 * costs no more than that.
	 * @param key the key
	 * @param atMost how long to wait
	 * @return completed when the notification comes, or when the time is up
	 */
	public CompletableFuture<Void> answered(String key, Duration atMost) {
		return this.answered.computeIfAbsent(key, (k) -> new CompletableFuture<>())
			.copy()
			.completeOnTimeout(null, atMost.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Bucket4j's buckets in Redis, compare-and-swap over the command connection.
	 * @return the proxy manager, or {@code null} while Redis has never been reached
	 */
	@Nullable ProxyManager<String> buckets() {
		return isUp() ? this.buckets : null;
	}

	/**
	 * Marks Redis down after a failure: logged once per outage, never with a value.
	 * @param failure what failed
	 */
	public void down(Throwable failure) {
		if (this.up.compareAndSet(true, false)) {
			logger.warn("Redis cannot be reached (" + describe(failure) + "): this replica serves alone, with its "
					+ "own cache and 1/" + this.properties.expectedReplicas() + " of the ARM budget and team quotas, "
					+ "until Redis answers again (broker.fleet.degraded = 1)");
		}
	}

	private void up() {
		if (this.up.compareAndSet(false, true)) {
			logger.warn(this.everUp ? "Redis answers again: this replica is back in fleet mode (broker.fleet.degraded = 0)"
					: "Fleet mode on Redis: cache, ARM budget and team quotas shared by every replica");
			this.everUp = true;
		}
	}

	private void probe() {
		try {
			if (isUp()) {
				return;
			}
			if (this.connection == null || this.subscription == null) {
				connect();
				return;
			}
			StatefulRedisConnection<String, byte[]> connection = this.connection;
			String pong = connection.async().ping().get(this.properties.probeInterval().toMillis(), TimeUnit.MILLISECONDS);
			if ("PONG".equals(pong) && this.subscription.isOpen()) {
				up();
			}
		}
		catch (Exception ex) {
			// Still down: said once already.
		}
	}

	private synchronized void connect() {
		try {
			if (this.connection == null) {
				StatefulRedisConnection<String, byte[]> connection = this.client.connect(CODEC);
				this.buckets = Bucket4jLettuce.casBasedBuilder(connection)
					.expirationAfterWrite(
							ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
					.clientClock(new ClockTimeMeter(this.clock))
					.build();
				this.connection = connection;
			}
			if (this.subscription == null) {
				StatefulRedisPubSubConnection<String, String> subscription = this.client.connectPubSub(StringCodec.UTF8);
				subscription.addListener(new RedisPubSubAdapter<>() {

					@Override
					public void message(String channel, String message) {
						onMessage(message);
					}

				});
				subscription.sync().subscribe(this.channel);
				this.subscription = subscription;
			}
			up();
		}
		catch (RuntimeException ex) {
			if (!this.everUp && !this.reportedUnreachable) {
				this.reportedUnreachable = true;
				logger.warn("Redis cannot be reached at start (" + describe(ex) + "): this replica serves alone, with "
						+ "its own cache and 1/" + this.properties.expectedReplicas()
						+ " of the ARM budget and team quotas, until Redis answers (broker.fleet.degraded = 1)");
			}
			down(ex);
		}
	}

	private void onMessage(String message) {
		Notifications.Heard heard = this.notifications.decode(message);
		if (heard instanceof Notifications.Refused refused) {
			refused(refused.reason());
		}
		if (heard instanceof Notifications.Notification notification) {
			told(notification);
		}
	}

	/** Counted, and logged at most once a minute for each reason: a flood must not flood the log too. */
	private void refused(Notifications.Refusal reason) {
		Counter.builder("broker.fleet.notifications.refused")
			.description("Messages on the fleet's channel that are not the fleet's notifications (not sealed under "
					+ "its keys, altered, or sent at another time than the replica's clock allows), ignored")
			.tag("reason", reason.value())
			.register(this.meterRegistry)
			.increment();
		long now = this.clock.millis();
		Long last = this.refusalReported.get(reason);
		if (last == null || now - last >= REFUSAL_REPORT_INTERVAL.toMillis()) {
			this.refusalReported.put(reason, now);
			logger.warn("A message on the fleet's channel " + this.channel + " was refused (" + reason.value() + "): "
					+ "ignored. Someone other than the brokers publishes there, a replica runs with other keys or "
					+ "another version, or its clock is off; counted in broker.fleet.notifications.refused, logged "
					+ "at most once a minute for each reason");
		}
	}

	private void told(Notifications.Notification notification) {
		if (notification.event() == Event.ANSWERED) {
			CompletableFuture<Void> waiting = this.answered.remove(notification.key());
			if (waiting != null) {
				waiting.complete(null);
			}
		}
		for (Listener listener : this.listeners) {
			try {
				listener.heard(notification.event(), notification.key(), notification.sentAt());
			}
			catch (RuntimeException ex) {
				logger.error("A fleet event's listener failed", ex);
			}
		}
	}

	/** The failure and its root cause, by class and message: Lettuce's never hold a value or a password. */
	private static String describe(Throwable failure) {
		Throwable cause = (failure.getCause() != null && failure instanceof CompletionException)
				? failure.getCause() : failure;
		Throwable root = cause;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String described = cause.getClass().getSimpleName() + ((cause.getMessage() != null) ? ": " + cause.getMessage() : "");
		return (root == cause) ? described : described + "; " + root.getClass().getSimpleName()
				+ ((root.getMessage() != null) ? ": " + root.getMessage() : "");
	}

	@Override
	public void close() {
		this.probe.shutdownNow();
		StatefulRedisPubSubConnection<String, String> subscription = this.subscription;
		if (subscription != null) {
			subscription.close();
		}
		StatefulRedisConnection<String, byte[]> connection = this.connection;
		if (connection != null) {
			connection.close();
		}
	}

	/**
	 * Hears what replicas tell each other.
	 */
	@FunctionalInterface
	public interface Listener {

		/**
		 * An authentic notification, from any replica, this one included.
		 * @param event what happened
		 * @param key to which key; empty for all
		 * @param sentAt when it was sent, by the sender's clock
		 */
		void heard(Event event, String key, Instant sentAt);

	}

	/**
	 * What replicas tell each other.
	 */
	public enum Event {

		/** A replica has Azure's answer for a key, in Redis now, or failed to get one. */
		ANSWERED,

		/** A key's entry was evicted: drop the copy in memory. */
		EVICTED,

		/** Every entry was evicted. */
		EVICTED_ALL;

		String value() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

		static @Nullable Event of(String value) {
			for (Event event : values()) {
				if (event.value().equals(value)) {
					return event;
				}
			}
			return null;
		}

	}

}
