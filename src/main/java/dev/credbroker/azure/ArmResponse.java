package dev.credbroker.azure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A successful answer from Resource Manager.
 *
 * @param <T> the body's type
 * @param body the parsed body
 * @param requestId Resource Manager's {@code x-ms-request-id}, for support cases
 * @param lifetime how long the broker asked Azure to let the secret live; {@code null} when it did
 * not ask, and the secret does not expire unless the body says so
 */
public record ArmResponse<T>(T body, @Nullable String requestId, @Nullable Duration lifetime) {
}
