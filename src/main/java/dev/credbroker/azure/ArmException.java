package dev.credbroker.azure;

import java.time.Duration;
import java.util.Set;

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

	/** Statuses worth another attempt: Azure's transient failures. */
	private static final Set<Integer> RETRYABLE_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

	private final Reason reason;

	private final int upstreamStatus;

	private final @Nullable String armCode;

	private final @Nullable String requestId;

	private final @Nullable Duration retryAfter;

	private final @Nullable String local;

	private final boolean retryable;

	private final boolean remembered;

	ArmException(Reason reason, int upstreamStatus, @Nullable String armCode, @Nullable String requestId,
			@Nullable Duration retryAfter) {
		this(reason, upstreamStatus, armCode, requestId, retryAfter, null,
				RETRYABLE_STATUSES.contains(upstreamStatus));
	}

	private ArmException(Reason reason, int upstreamStatus, @Nullable String armCode, @Nullable String requestId,
			@Nullable Duration retryAfter, @Nullable String local, boolean retryable) {
		this(reason, upstreamStatus, armCode, requestId, retryAfter, local, retryable, false);
	}

	private ArmException(Reason reason, int upstreamStatus, @Nullable String armCode, @Nullable String requestId,
			@Nullable Duration retryAfter, @Nullable String local, boolean retryable, boolean remembered) {
		// No stack trace: it would show Reactor's operators, not a cause, and filling it in was a
		// large part of what a request refused by the open circuit cost.
		super(describe(reason, upstreamStatus, armCode, requestId, local, remembered), null, true, false);
		this.reason = reason;
		this.upstreamStatus = upstreamStatus;
		this.armCode = armCode;
		this.requestId = requestId;
		this.retryAfter = retryAfter;
		this.local = local;
		this.retryable = retryable;
		this.remembered = remembered;
	}

	static ArmException withoutResponse(Reason reason) {
		return new ArmException(reason, 0, null, null, null, null, false);
	}

	/** A connection that failed before Azure answered: worth another attempt. */
	static ArmException connectionFailed() {
		return new ArmException(Reason.UPSTREAM_UNAVAILABLE, 0, null, null, null, null, true);
	}

	/**
	 * A call the broker did not make: an open circuit, a full bulkhead, a spent budget.
	 * @param why {@code circuit-open}, {@code bulkhead-full} or {@code budget-spent}
	 * @param retryAfter when to try again
	 * @return the exception
	 */
	static ArmException heldBack(String why, Duration retryAfter) {
		return new ArmException(Reason.UPSTREAM_UNAVAILABLE, 0, null, null, retryAfter, why, false);
	}

	/**
	 * This failure, not to be retried: its {@code Retry-After} reaches past the call's deadline.
	 * @return the exception
	 */
	ArmException notRetryable() {
		return new ArmException(this.reason, this.upstreamStatus, this.armCode, this.requestId, this.retryAfter,
				this.local, false);
	}

	/**
	 * This failure as the cache repeats it to a later request, without calling Azure.
	 * @return the exception
	 */
	public ArmException remembered() {
		return new ArmException(this.reason, this.upstreamStatus, this.armCode, this.requestId, this.retryAfter,
				this.local, false, true);
	}

	/**
	 * Whether this is an earlier call's failure, repeated from the cache: Azure was not called.
	 * @return {@code true} if so
	 */
	public boolean isRemembered() {
		return this.remembered;
	}

	/**
	 * Whether another attempt may succeed: a connection error, or 408, 429, 500, 502, 503, 504.
	 * @return {@code true} if so
	 */
	public boolean isRetryable() {
		return this.retryable;
	}

	/**
	 * Whether the broker held the call back itself (open circuit, full bulkhead, spent budget).
	 * @return {@code true} if Azure was not called
	 */
	public boolean isLocal() {
		return this.local != null;
	}

	public @Nullable String local() {
		return this.local;
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

	private static String describe(Reason reason, int status, @Nullable String armCode, @Nullable String requestId,
			@Nullable String local, boolean remembered) {
		StringBuilder message = new StringBuilder("Azure Resource Manager call failed: ").append(reason);
		if (remembered) {
			message.append(", remembered from an earlier call");
		}
		if (local != null) {
			message.append(", not called: ").append(local);
		}
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
