package dev.credbroker.azure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A call to Resource Manager that did not produce secrets. Carries only what is safe to log and to
 * show: the reason, ARM's HTTP status, its stable error code and its request id. Never a body.
 */
public class ArmException extends RuntimeException {

	/**
	 * Why the call failed, from the broker's point of view.
	 */
	public enum Reason {

		/** Resource Manager answered 404. */
		NOT_FOUND,

		/** Resource Manager refused the broker's identity (401 or 403). */
		UPSTREAM_AUTHORIZATION,

		/** Throttled, failing, or unreachable (408, 429, 5xx, connection errors). */
		UPSTREAM_UNAVAILABLE,

		/** No answer in time. */
		TIMEOUT,

		/** An answer the broker cannot use: malformed JSON or an unexpected status. */
		BAD_RESPONSE,

		/** The managed identity gave no token. */
		IDENTITY_UNAVAILABLE

	}

	private final Reason reason;

	private final int upstreamStatus;

	private final @Nullable String armCode;

	private final @Nullable String requestId;

	private final @Nullable Duration retryAfter;

	ArmException(Reason reason, int upstreamStatus, @Nullable String armCode, @Nullable String requestId,
			@Nullable Duration retryAfter) {
		super(describe(reason, upstreamStatus, armCode, requestId));
		this.reason = reason;
		this.upstreamStatus = upstreamStatus;
		this.armCode = armCode;
		this.requestId = requestId;
		this.retryAfter = retryAfter;
	}

	static ArmException withoutResponse(Reason reason) {
		return new ArmException(reason, 0, null, null, null);
	}

	public Reason reason() {
		return this.reason;
	}

	/**
	 * Resource Manager's HTTP status.
	 * @return the status, or 0 when there was no answer
	 */
	public int upstreamStatus() {
		return this.upstreamStatus;
	}

	/**
	 * Resource Manager's stable error code, such as {@code ResourceNotFound}.
	 * @return the code, or {@code null}
	 */
	public @Nullable String armCode() {
		return this.armCode;
	}

	public @Nullable String requestId() {
		return this.requestId;
	}

	public @Nullable Duration retryAfter() {
		return this.retryAfter;
	}

	private static String describe(Reason reason, int status, @Nullable String armCode, @Nullable String requestId) {
		StringBuilder message = new StringBuilder("Azure Resource Manager call failed: ").append(reason);
		if (status != 0) {
			message.append(", status ").append(status);
		}
		if (armCode != null) {
			message.append(", code ").append(armCode);
		}
		if (requestId != null) {
			message.append(", x-ms-request-id ").append(requestId);
		}
		return message.toString();
	}

}
