package dev.credbroker.azure;

import org.jspecify.annotations.Nullable;

/**
 * A successful answer from Resource Manager.
 *
 * @param <T> the body's type
 * @param body the parsed body
 * @param requestId Resource Manager's {@code x-ms-request-id}, for support cases
 */
public record ArmResponse<T>(T body, @Nullable String requestId) {
}
