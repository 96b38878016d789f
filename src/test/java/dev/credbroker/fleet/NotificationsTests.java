package dev.credbroker.fleet;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import dev.credbroker.crypto.SealingKeys;
import dev.credbroker.fleet.Notifications.Notification;
import dev.credbroker.fleet.Notifications.Refusal;
import dev.credbroker.fleet.Notifications.Refused;
import dev.credbroker.support.MovableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a replica hears on the fleet's channel: only notifications sealed under the fleet's keys,
 * for the channel, event and key they name, none from too far ahead of its clock, and no answer's
 * from long ago.
 */
class NotificationsTests {

	private static final String CHANNEL = "credential-broker:events";

	private static final String KEY = "workspace:/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/"
			+ "rg/providers/microsoft.machinelearningservices/workspaces/ws";

	/** A seal's length on the wire. */
	private static final int SEAL = 55;

	private final byte[] current = key();

	private final MovableClock clock = new MovableClock(Instant.parse("2026-12-02T12:00:00Z"));

	private final Notifications fleet = notifications(new SealingKeys(this.current, null), this.clock);

	@ParameterizedTest
	@EnumSource(Fleet.Event.class)
	void aNotificationSentIsHeardAsSentWithItsTime(Fleet.Event event) {
		assertThat(this.fleet.decode(this.fleet.encode(event, KEY)))
			.isEqualTo(new Notification(event, KEY, this.clock.instant()));
	}

	@Test
	void aNotificationForEveryKeyHasAnEmptyKey() {
		String message = this.fleet.encode(Fleet.Event.EVICTED_ALL, "");

		assertThat(message).endsWith(" evicted-all ");
		assertThat(this.fleet.decode(message))
			.isEqualTo(new Notification(Fleet.Event.EVICTED_ALL, "", this.clock.instant()));
	}

	@Test
	void aNotificationWithoutASealIsRefused() {
		assertThat(this.fleet.decode("evicted " + KEY)).isEqualTo(new Refused(Refusal.MALFORMED));
		assertThat(this.fleet.decode("evicted-all")).isEqualTo(new Refused(Refusal.MALFORMED));
		assertThat(this.fleet.decode("")).isEqualTo(new Refused(Refusal.MALFORMED));
	}

	@Test
	void aSealOfTheRightLengthThatIsNotBase64IsRefused() {
		String seal = this.fleet.encode(Fleet.Event.EVICTED, KEY).substring(0, SEAL);

		assertThat(this.fleet.decode("*" + seal.substring(1) + " evicted " + KEY))
			.isEqualTo(new Refused(Refusal.MALFORMED));
	}

	@Test
	void aSealOfAnotherVersionIsRefused() {
		String notASeal = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[41]);

		assertThat(this.fleet.decode(notASeal + " evicted " + KEY)).isEqualTo(new Refused(Refusal.MALFORMED));
	}

	@Test
	void aSealAlteredIsRefused() {
		byte[] sealed = Base64.getUrlDecoder().decode(this.fleet.encode(Fleet.Event.EVICTED, KEY).substring(0, SEAL));
		sealed[sealed.length - 1] ^= 1;
		String altered = Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);

		assertThat(this.fleet.decode(altered + " evicted " + KEY)).isEqualTo(new Refused(Refusal.NOT_AUTHENTIC));
	}

	@Test
	void aMessageLongerThanAnyNotificationIsNotRead() {
		String key = "k".repeat(Notifications.MAX_LENGTH);
		String longest = this.fleet.encode(Fleet.Event.EVICTED, key.substring(0, Notifications.MAX_LENGTH - 64));
		String tooLong = this.fleet.encode(Fleet.Event.EVICTED, key.substring(0, Notifications.MAX_LENGTH - 63));

		assertThat(longest).hasSize(Notifications.MAX_LENGTH);
		assertThat(this.fleet.decode(longest)).isInstanceOf(Notification.class);
		assertThat(this.fleet.decode(tooLong)).isEqualTo(new Refused(Refusal.MALFORMED));
	}

	@Test
	void aSealMovedToAnotherKeyOrEventIsRefused() {
		String seal = this.fleet.encode(Fleet.Event.ANSWERED, KEY).substring(0, SEAL);

		assertThat(this.fleet.decode(seal + " evicted " + KEY)).isEqualTo(new Refused(Refusal.NOT_AUTHENTIC));
		assertThat(this.fleet.decode(seal + " answered " + KEY + "x")).isEqualTo(new Refused(Refusal.NOT_AUTHENTIC));
	}

	@Test
	void aNotificationOfAnotherChannelIsRefused() {
		Notifications neighbour = new Notifications(new SealingKeys(this.current, null), this.clock,
				"another-installation:events");

		assertThat(this.fleet.decode(neighbour.encode(Fleet.Event.EVICTED, KEY)))
			.isEqualTo(new Refused(Refusal.NOT_AUTHENTIC));
	}

	@Test
	void aNotificationSealedUnderAnotherKeyIsRefused() {
		Notifications stranger = notifications(new SealingKeys(key(), null), this.clock);

		assertThat(this.fleet.decode(stranger.encode(Fleet.Event.EVICTED, KEY)))
			.isEqualTo(new Refused(Refusal.UNKNOWN_KEY));
	}

	@Test
	void replicasOnEitherSideOfAKeyRotationsStepHearEachOther() {
		byte[] next = key();
		Notifications rotated = notifications(new SealingKeys(next, this.current), this.clock);
		Notifications preparing = notifications(new SealingKeys(this.current, next), this.clock);
		Notification evicted = new Notification(Fleet.Event.EVICTED, KEY, this.clock.instant());

		assertThat(preparing.decode(rotated.encode(Fleet.Event.EVICTED, KEY))).isEqualTo(evicted);
		assertThat(rotated.decode(preparing.encode(Fleet.Event.EVICTED, KEY))).isEqualTo(evicted);
	}

	/** A copy, or one delivered late, says when its eviction was made: what was true then. */
	@ParameterizedTest
	@CsvSource({ "EVICTED, workspace:/ws", "EVICTED_ALL, ''" })
	void anEvictionHeardLateIsHeardWithTheTimeItWasSent(Fleet.Event event, String key) {
		Instant sentAt = this.clock.instant();
		String message = this.fleet.encode(event, key);

		this.clock.advance(Duration.ofHours(2));

		assertThat(this.fleet.decode(message)).isEqualTo(new Notification(event, key, sentAt));
	}

	@Test
	void anAnswersNotificationHeardLaterThanItsMaximumAgeIsRefused() {
		Instant sentAt = this.clock.instant();
		String message = this.fleet.encode(Fleet.Event.ANSWERED, KEY);

		this.clock.advance(Notifications.MAX_AGE);
		assertThat(this.fleet.decode(message)).isEqualTo(new Notification(Fleet.Event.ANSWERED, KEY, sentAt));
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.fleet.decode(message)).isEqualTo(new Refused(Refusal.OUT_OF_TIME));
	}

	@Test
	void anAnswersNotificationFromTooFarAheadIsRefused() {
		Instant justAhead = this.clock.instant().plus(Notifications.MAX_AGE);
		Notifications ahead = notifications(new SealingKeys(this.current, null),
				new MovableClock(justAhead.plusMillis(1)));
		Notifications notTooFar = notifications(new SealingKeys(this.current, null), new MovableClock(justAhead));

		assertThat(this.fleet.decode(ahead.encode(Fleet.Event.ANSWERED, KEY))).isEqualTo(new Refused(Refusal.OUT_OF_TIME));
		assertThat(this.fleet.decode(notTooFar.encode(Fleet.Event.ANSWERED, KEY)))
			.isEqualTo(new Notification(Fleet.Event.ANSWERED, KEY, justAhead));
	}

	/** An authentic eviction is never lost: from a replica whose clock runs ahead, it counts from now. */
	@ParameterizedTest
	@CsvSource({ "EVICTED, workspace:/ws", "EVICTED_ALL, ''" })
	void anEvictionFromAReplicaWhoseClockRunsAheadCountsFromNow(Fleet.Event event, String key) {
		Notifications ahead = notifications(new SealingKeys(this.current, null),
				new MovableClock(this.clock.instant().plus(Duration.ofMinutes(5))));

		assertThat(this.fleet.decode(ahead.encode(event, key)))
			.isEqualTo(new Notification(event, key, this.clock.instant()));
	}

	@Test
	void anAuthenticNotificationNotOfThisVersionsShapeIsIgnored() {
		assertThat(this.fleet.decode(sealedAs("expired " + KEY))).isNull();
		assertThat(this.fleet.decode(sealedAs("expired"))).isNull();
		assertThat(this.fleet.decode(sealedAs("evicted"))).isNull();
	}

	@ParameterizedTest
	@CsvSource({ "MALFORMED, malformed", "UNKNOWN_KEY, unknown-key", "NOT_AUTHENTIC, not-authentic",
			"OUT_OF_TIME, out-of-time" })
	void eachRefusalIsAMetricTag(Refusal refusal, String tag) {
		assertThat(refusal.value()).isEqualTo(tag);
	}

	/** What a replica of a later version, with this fleet's keys, would publish. */
	private String sealedAs(String told) {
		byte[] sentAt = ByteBuffer.allocate(Long.BYTES).putLong(this.clock.millis()).array();
		byte[] sealed = new SealingKeys(this.current, null).seal(sentAt,
				("credential-broker/fleet-notification/v1\n" + CHANNEL + "\n" + told).getBytes(StandardCharsets.UTF_8));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(sealed) + " " + told;
	}

	private static Notifications notifications(SealingKeys keys, MovableClock clock) {
		return new Notifications(keys, clock, CHANNEL);
	}

	private static byte[] key() {
		byte[] key = new byte[SealingKeys.KEY_BYTES];
		new SecureRandom().nextBytes(key);
		return key;
	}

}
