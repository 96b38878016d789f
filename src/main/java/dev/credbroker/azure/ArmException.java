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

		/** An answer the broker cannot use that says Azure is not well: malformed JSON, a status out of place. */
		BAD_RESPONSE,

		/**
		 * An answer about this request the broker cannot use: a 4xx not named above (400, 409, ...),
		 * or a body larger than the broker reads. It says nothing of Azure's health, and a caller can
		 * bring it about at will (a kind the resource does not have, a connection of huge custom
		 * keys), so it never counts against Azure in the circuit breaker.
		 */
		UNUSABLE_ANSWER,

		/** The managed identity gave no token. */
		IDENTITY_UNAVAILABLE

	}

	/**
	 * Why the broker held a call back itself, without calling Azure: the {@code heldBack} member of
	 * an error body and the {@code reason} tag of {@code broker.arm.held.back}.
	 */
	public enum HeldBack {

		/** The circuit breaker is open. */
		CIRCUIT_OPEN("circuit-open"),

		/** Too many calls are under way. */
		BULKHEAD_FULL("bulkhead-full"),

		/** The budget of calls to Azure is spent. */
		BUDGET_SPENT("budget-spent");

		private final String value;

		HeldBack(String value) {
			this.value = value;
		}

		/**
		 * The cause as error bodies and metrics spell it.
		 * @return the value, such as {@code circuit-open}
		 */
		public String value() {
			return this.value;
		}

	}

	/** Statuses worth another attempt: Azure's transient failures. */
	private static final Set<Integer> RETRYABLE_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

	private final Reason reason;

	private final int upstreamStatus;

	private final @Nullable String armCode;

	private final @Nullable String requestId;

	private final @Nullable Duration retryAfter;

	private final @Nullable HeldBack heldBack;

	private final boolean retryable;

	private final boolean remembered;

	ArmException(Reason reason, int upstreamStatus, @Nullable String armCode, @Nullable String requestId,
			@Nullable Duration retryAfter) {
		this(reason, upstreamStatus, armCode, requestId, retryAfter, null,
				RETRYABLE_STATUSES.contains(upstreamStatus));
	}

	private ArmException(Reason reason, int upstreamStatus, @Nullable String armCode, @Nullable String requestId,
			@Nullable Duration retryAfter, @Nullable HeldBack heldBack, boolean retryable) {
		this(reason, upstreamStatus, armCode, requestId, retryAfter, heldBack, retryable, false);
	}

	private ArmException(Reason reason, int upstreamStatus, @Nullable String armCode, @Nullable String requestId,
			@Nullable Duration retryAfter, @Nullable HeldBack heldBack, boolean retryable, boolean remembered) {
		// No stack trace: it would show Reactor's operators, not a cause, and filling it in was a
		// large part of what a request refused by the open circuit cost.
		super(describe(reason, upstreamStatus, armCode, requestId, heldBack, remembered), null, true, false);
		this.reason = reason;
		this.upstreamStatus = upstreamStatus;
		this.armCode = armCode;
		this.requestId = requestId;
		this.retryAfter = retryAfter;
		this.heldBack = heldBack;
		this.retryable = retryable;
		this.remembered = remembered;
	}

	static ArmException withoutResponse(Reason reason) {
		return new ArmException(reason, 0, null, null, null, null, false);
	}

	/**
	 * No answer within the call's deadline, for a replica that waited for another's call.
	 * @return the exception
	 */
	public static ArmException timedOut() {
		return withoutResponse(Reason.TIMEOUT);
	}

	/**
	 * Azure's 404 as another replica got it and the fleet remembers it: Azure was not called.
	 * @param armCode ARM's error code, if it gave one
	 * @return the exception
	 */
	public static ArmException notFoundRemembered(@Nullable String armCode) {
		return new ArmException(Reason.NOT_FOUND, 404, armCode, null, null, null, false, true);
	}

	/** A connection that failed before Azure answered: worth another attempt. */
	static ArmException connectionFailed() {
		return new ArmException(Reason.UPSTREAM_UNAVAILABLE, 0, null, null, null, null, true);
	}

	/**
	 * A call the broker did not make: an open circuit, a full bulkhead, a spent budget.
	 * @param why the cause
	 * @param retryAfter when to try again
	 * @return the exception
	 */
	static ArmException heldBack(HeldBack why, Duration retryAfter) {
		return new ArmException(Reason.UPSTREAM_UNAVAILABLE, 0, null, null, retryAfter, why, false);
	}

	/**
	 * This failure, not to be retried: its {@code Retry-After} reaches past the call's deadline.
	 * @return the exception
	 */
	ArmException notRetryable() {
		return new ArmException(this.reason, this.upstreamStatus, this.armCode, this.requestId, this.retryAfter,
				this.heldBack, false);
	}

	/**
	 * This failure as the cache repeats it to a later request, without calling Azure.
	 * @return the exception
	 */
	public ArmException remembered() {
		return new ArmException(this.reason, this.upstreamStatus, this.armCode, this.requestId, this.retryAfter,
				this.heldBack, false, true);
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
	public boolean isHeldBack() {
		return this.heldBack != null;
	}

	/**
	 * Why the broker held the call back itself.
	 * @return the cause, or {@code null} when Azure was called
	 */
	public @Nullable HeldBack heldBack() {
		return this.heldBack;
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
			@Nullable HeldBack heldBack, boolean remembered) {
		StringBuilder message = new StringBuilder("Azure Resource Manager call failed: ").append(reason);
		if (remembered) {
			message.append(", remembered from an earlier call");
		}
		if (heldBack != null) {
			message.append(", not called: ").append(heldBack.value());
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
