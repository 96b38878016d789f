package dev.credbroker.fleet;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

import dev.credbroker.crypto.SealingKeys;
import dev.credbroker.crypto.UnsealException;
import org.jspecify.annotations.Nullable;

/**
 * The fleet's notifications as they travel through Redis, authenticated under the fleet's sealing
 * keys: someone who can publish on Redis but holds no key can neither make the replicas drop what
 * they hold nor fill their memory of evictions with made-up ones, which would push a real one out
 * and let an entry copied before it pass again. Each notification says when it was sent, which is
 * when its eviction counts ({@code secrets.Evictions}): a copy published again later, or one
 * delivered late, tells what was true then; one from a replica whose clock runs ahead counts from
 * the receiver's now, since an authentic eviction must never be lost. An answer's notification sent
 * more than {@link #MAX_AGE} away from the receiver's clock is refused: it would only wake replicas
 * that wait for another flight.
 * <p>
 * On the wire: the Base64 (URL alphabet, no padding) of the sent time (8 bytes, epoch
 * milliseconds) sealed with the channel, the event and the key as associated data, a space, the
 * event, a space, the key (empty for {@link Fleet.Event#EVICTED_ALL}). The current key seals; the
 * current and the previous key open, as for the fleet's entries, so that replicas on either side of
 * a key rotation's step hear each other. The channel is bound so that installations sharing a
 * Redis (and, wrongly, a key) do not hear each other.
 */
final class Notifications {

	/**
	 * How far from the receiver's clock an answer's notification's sent time may be: a
	 * notification takes milliseconds, and replicas' clocks agree to well within a second.
	 */
	static final Duration MAX_AGE = Duration.ofSeconds(10);

	/** The associated data's label, naming what the sealed value is and its format. */
	private static final String LABEL = "credential-broker/fleet-notification/v1\n";

	private static final Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder decoder = Base64.getUrlDecoder();

	/** A sealed sent time's length in Base64: 1 + 4 + 12 + 8 + 16 bytes. */
	private static final int SEAL_CHARACTERS = 55;

	/** The longest message read: a resource's id is well under 1,000 characters. */
	static final int MAX_LENGTH = 2048;

	private final SealingKeys keys;

	private final Clock clock;

	private final String channel;

	/**
	 * @param keys the fleet's keys
	 * @param clock the sent times' clock
	 * @param channel the channel the notifications are published on
	 */
	Notifications(SealingKeys keys, Clock clock, String channel) {
		this.keys = keys;
		this.clock = clock;
		this.channel = channel;
	}

	/**
	 * A notification as it is published.
	 * @param event what happened
	 * @param key to which key; empty for all
	 * @return the message
	 */
	String encode(Fleet.Event event, String key) {
		String told = event.value() + " " + key;
		byte[] sentAt = ByteBuffer.allocate(Long.BYTES).putLong(this.clock.millis()).array();
		return encoder.encodeToString(this.keys.seal(sentAt, associatedData(told))) + " " + told;
	}

	/**
	 * What a message published on the fleet's channel tells.
	 * @param message the message
	 * @return the notification, or why it is refused; {@code null} for an authentic one that is not
	 * of this version's shape (an event a later version publishes)
	 */
	@Nullable Heard decode(String message) {
		int space = message.indexOf(' ');
		if (space != SEAL_CHARACTERS || message.length() > MAX_LENGTH) {
			return new Refused(Refusal.MALFORMED);
		}
		String told = message.substring(space + 1);
		long sentAt;
		try {
			sentAt = ByteBuffer.wrap(this.keys.open(decoder.decode(message.substring(0, space)), associatedData(told)))
				.getLong();
		}
		catch (IllegalArgumentException ex) {
			return new Refused(Refusal.MALFORMED);
		}
		catch (UnsealException ex) {
			return new Refused(Refusal.of(ex.reason()));
		}
		String[] eventAndKey = told.split(" ", 2);
		Fleet.Event event = Fleet.Event.of(eventAndKey[0]);
		if (event == null || eventAndKey.length < 2) {
			return null;
		}
		long now = this.clock.millis();
		if (event != Fleet.Event.ANSWERED) {
			// An authentic eviction is never refused: from a replica whose clock runs ahead, it counts
			// from now.
			return new Notification(event, eventAndKey[1], Instant.ofEpochMilli(Math.min(sentAt, now)));
		}
		if (Math.abs(now - sentAt) > MAX_AGE.toMillis()) {
			return new Refused(Refusal.OUT_OF_TIME);
		}
		return new Notification(event, eventAndKey[1], Instant.ofEpochMilli(sentAt));
	}

	private byte[] associatedData(String told) {
		return (LABEL + this.channel + "\n" + told).getBytes(StandardCharsets.UTF_8);
	}

	/** What a message on the fleet's channel tells. */
	sealed interface Heard permits Notification, Refused {

	}

	/**
	 * An authentic notification.
	 * @param event what happened
	 * @param key to which key; empty for all
	 * @param sentAt when it was sent, by the sender's clock
	 */
	record Notification(Fleet.Event event, String key, Instant sentAt) implements Heard {

	}

	/**
	 * A message that is not an authentic notification of the fleet's, or not a recent one.
	 * @param reason why it is refused
	 */
	record Refused(Refusal reason) implements Heard {

	}

	/** Why a message on the fleet's channel is refused. */
	enum Refusal {

		/** Not of a notification's shape. */
		MALFORMED,

		/** Sealed under a key this replica does not have. */
		UNKNOWN_KEY,

		/** Altered, or sealed for another event or key. */
		NOT_AUTHENTIC,

		/** An answer's, sent more than {@link #MAX_AGE} away from this replica's clock. */
		OUT_OF_TIME;

		static Refusal of(UnsealException.Reason reason) {
			return switch (reason) {
				case MALFORMED -> MALFORMED;
				case UNKNOWN_KEY -> UNKNOWN_KEY;
				case NOT_AUTHENTIC -> NOT_AUTHENTIC;
			};
		}

		/** @return the reason as a metric tag: lower case, dashes */
		String value() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

	}

}
