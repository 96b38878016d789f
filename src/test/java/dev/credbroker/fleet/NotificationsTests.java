package dev.credbroker.fleet;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

import dev.credbroker.crypto.SealingKeys;
import dev.credbroker.fleet.Notifications.Notification;
import dev.credbroker.fleet.Notifications.Refusal;
import dev.credbroker.fleet.Notifications.Refused;
import dev.credbroker.support.MovableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a replica hears on the fleet's channel: only notifications sealed under the fleet's keys,
 * for the event and key they name, sent within {@link Notifications#MAX_AGE} of its clock.
 */
class NotificationsTests {

	private static final String KEY = "workspace:/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/"
			+ "rg/providers/microsoft.machinelearningservices/workspaces/ws";

	private final byte[] current = key();

	private final MovableClock clock = new MovableClock();

	private final Notifications fleet = new Notifications(new SealingKeys(this.current, null), this.clock);

	@ParameterizedTest
	@EnumSource(Fleet.Event.class)
	void aNotificationSentIsHeardAsSent(Fleet.Event event) {
		assertThat(this.fleet.decode(this.fleet.encode(event, KEY))).isEqualTo(new Notification(event, KEY));
	}

	@Test
	void aNotificationForEveryKeyHasAnEmptyKey() {
		String message = this.fleet.encode(Fleet.Event.EVICTED_ALL, "");

		assertThat(message).endsWith(" evicted-all ");
		assertThat(this.fleet.decode(message)).isEqualTo(new Notification(Fleet.Event.EVICTED_ALL, ""));
	}

	@Test
	void aNotificationWithoutASealIsRefused() {
		assertThat(this.fleet.decode("evicted " + KEY)).isEqualTo(new Refused(Refusal.MALFORMED));
		assertThat(this.fleet.decode("evicted-all")).isEqualTo(new Refused(Refusal.MALFORMED));
		assertThat(this.fleet.decode("")).isEqualTo(new Refused(Refusal.MALFORMED));
	}

	@Test
	void aSealOfTheRightLengthThatIsNotBase64IsRefused() {
		String seal = this.fleet.encode(Fleet.Event.EVICTED, KEY).substring(0, 55);

		assertThat(this.fleet.decode("*" + seal.substring(1) + " evicted " + KEY))
			.isEqualTo(new Refused(Refusal.MALFORMED));
	}

	@Test
	void aSealThatIsNotOneIsRefused() {
		String notASeal = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[41]);

		assertThat(this.fleet.decode(notASeal + " evicted " + KEY)).isEqualTo(new Refused(Refusal.MALFORMED));
	}

	@Test
	void aMessageLongerThanAnyNotificationIsRefusedUnread() {
		String key = "k".repeat(Notifications.MAX_LENGTH);
		String longest = this.fleet.encode(Fleet.Event.EVICTED, key.substring(0, Notifications.MAX_LENGTH - 64));
		String tooLong = this.fleet.encode(Fleet.Event.EVICTED, key.substring(0, Notifications.MAX_LENGTH - 63));

		assertThat(longest).hasSize(Notifications.MAX_LENGTH);
		assertThat(this.fleet.decode(longest)).isInstanceOf(Notification.class);
		assertThat(this.fleet.decode(tooLong)).isEqualTo(new Refused(Refusal.MALFORMED));
	}

	@Test
	void aSealMovedToAnotherKeyOrEventIsRefused() {
		String seal = this.fleet.encode(Fleet.Event.ANSWERED, KEY).substring(0, 55);

		assertThat(this.fleet.decode(seal + " evicted " + KEY)).isEqualTo(new Refused(Refusal.NOT_AUTHENTIC));
		assertThat(this.fleet.decode(seal + " answered " + KEY + "x")).isEqualTo(new Refused(Refusal.NOT_AUTHENTIC));
	}

	@Test
	void aNotificationSealedUnderAnotherKeyIsRefused() {
		Notifications stranger = new Notifications(new SealingKeys(key(), null), this.clock);

		assertThat(this.fleet.decode(stranger.encode(Fleet.Event.EVICTED, KEY)))
			.isEqualTo(new Refused(Refusal.UNKNOWN_KEY));
	}

	@Test
	void replicasOnEitherSideOfAKeyRotationsStepHearEachOther() {
		byte[] next = key();
		Notifications rotated = new Notifications(new SealingKeys(next, this.current), this.clock);
		Notifications preparing = new Notifications(new SealingKeys(this.current, next), this.clock);

		assertThat(preparing.decode(rotated.encode(Fleet.Event.EVICTED, KEY)))
			.isEqualTo(new Notification(Fleet.Event.EVICTED, KEY));
		assertThat(rotated.decode(preparing.encode(Fleet.Event.EVICTED, KEY)))
			.isEqualTo(new Notification(Fleet.Event.EVICTED, KEY));
	}

	@Test
	void aNotificationPublishedAgainLaterIsRefused() {
		String message = this.fleet.encode(Fleet.Event.EVICTED, KEY);

		this.clock.advance(Notifications.MAX_AGE);
		assertThat(this.fleet.decode(message)).isEqualTo(new Notification(Fleet.Event.EVICTED, KEY));
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.fleet.decode(message)).isEqualTo(new Refused(Refusal.OUT_OF_TIME));
	}

	@Test
	void aNotificationFromTooFarAheadIsRefused() {
		Notifications ahead = new Notifications(new SealingKeys(this.current, null), new MovableClock(
				this.clock.instant().plus(Notifications.MAX_AGE).plusMillis(1)));
		Notifications justAhead = new Notifications(new SealingKeys(this.current, null), new MovableClock(
				this.clock.instant().plus(Notifications.MAX_AGE)));

		assertThat(this.fleet.decode(ahead.encode(Fleet.Event.EVICTED, KEY))).isEqualTo(new Refused(Refusal.OUT_OF_TIME));
		assertThat(this.fleet.decode(justAhead.encode(Fleet.Event.EVICTED, KEY)))
			.isEqualTo(new Notification(Fleet.Event.EVICTED, KEY));
	}

	@Test
	void anAuthenticNotificationOfAnEventThisReplicaDoesNotKnowIsIgnored() {
		assertThat(this.fleet.decode(sealedAs("expired " + KEY))).isNull();
		assertThat(this.fleet.decode(sealedAs("expired"))).isNull();
		assertThat(this.fleet.decode(sealedAs("evicted"))).isNull();
	}

	@Test
	void everyRefusalHasAMetricTagOfItsOwn() {
		assertThat(Refusal.NOT_AUTHENTIC.value()).isEqualTo("not-authentic");
		assertThat(Refusal.OUT_OF_TIME.value()).isEqualTo("out-of-time");
	}

	/** What a replica of a later version, with this fleet's keys, would publish. */
	private String sealedAs(String told) {
		byte[] sentAt = java.nio.ByteBuffer.allocate(Long.BYTES).putLong(this.clock.millis()).array();
		byte[] sealed = new SealingKeys(this.current, null).seal(sentAt,
				("credential-broker/fleet-notification/v1\n" + told).getBytes(StandardCharsets.UTF_8));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(sealed) + " " + told;
	}

	private static byte[] key() {
		byte[] key = new byte[SealingKeys.KEY_BYTES];
		new SecureRandom().nextBytes(key);
		return key;
	}

}
