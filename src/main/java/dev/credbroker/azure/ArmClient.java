package dev.credbroker.azure;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeoutException;

import io.netty.handler.timeout.ReadTimeoutException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * Calls the Azure Machine Learning operations that return secrets. URIs are built from encoded
 * template variables, so no input can change which host or path is called.
 */
public class ArmClient {

	private static final Log logger = LogFactory.getLog(ArmClient.class);

	private static final String REQUEST_ID = "x-ms-request-id";

	private static final String REMAINING_WRITES = "x-ms-ratelimit-remaining-subscription-writes";

	private final WebClient webClient;

	private final JsonMapper jsonMapper;

	private final ArmProperties properties;

	private final ArmResilience resilience;

	private final AtomicLong remainingWrites;

	private final ArmMetrics metrics;

	ArmClient(WebClient webClient, JsonMapper jsonMapper, ArmProperties properties, ArmResilience resilience,
			AtomicLong remainingWrites, ArmMetrics metrics) {
		this.metrics = metrics;
		this.webClient = webClient;
		this.jsonMapper = jsonMapper;
		this.properties = properties;
		this.resilience = resilience;
		this.remainingWrites = remainingWrites;
	}

	/**
	 * The longest a call may take, retries included: the time limit around it.
	 * @return the deadline
	 */
	public Duration deadline() {
		return this.resilience.deadline();
	}

	/**
	 * Whether the open circuit refuses a call now, asked before one is assembled: a refused
	 * request is then spared building and subscribing to a call that cannot be made, 15% of a
	 * refusal's CPU (JFR of bench/run's phase 4, 2026-12-01). A refusal is counted and logged as
	 * {@link #call} would count and log it.
	 * @param operation the operation that would be called
	 * @param resource the resource it would be called on
	 * @return the refusal, or {@code null} when a call may be made
	 */
	public @Nullable ArmException refusal(ArmOperation<?> operation, MlResource resource) {
		ArmException refused = this.resilience.refusal();
		if (refused != null) {
			failed(operation, resource, refused, System.nanoTime());
		}
		return refused;
	}

	/**
	 * Calls an operation on a resource.
	 * @param operation the operation
	 * @param resource the resource, whose path is the operation's
	 * @param <T> the operation's payload type
	 * @return Azure's answer, or an {@link ArmException}
	 */
	public <T> Mono<ArmResponse<T>> call(ArmOperation<T> operation, MlResource resource) {
		if (!resource.path().equals(operation.path())) {
			throw new IllegalArgumentException(operation.name() + " is not an operation on " + resource.path());
		}
		Map<String, String> variables = resource.byParameter();
		variables.put("apiVersion", operation.apiVersion().apply(this.properties.apiVersions()));
		String template = operation.uriTemplate();
		Object body = operation.body().apply(this.properties);
		// One correlation id for the call, one client request id per attempt.
		String correlationId = UUID.randomUUID().toString();
		long start = System.nanoTime();
		return this.resilience.guard(resource.subscriptionId(), () -> withBody(this.webClient.post()
			.uri((builder) -> builder.path(template).queryParam("api-version", "{apiVersion}").build(variables))
			.header("x-ms-client-request-id", UUID.randomUUID().toString())
			.header("x-ms-correlation-request-id", correlationId)
			.accept(MediaType.APPLICATION_JSON), body)
			.exchangeToMono((response) -> read(response, operation.payload(), lifetime(body)))
			.timeout(this.properties.connectTimeout().plus(this.properties.responseTimeout()))
			.onErrorMap((ex) -> !(ex instanceof ArmException), ArmClient::translate)
			.transformDeferred((attempt) -> this.metrics.time(operation.name(), attempt)))
			.doOnSuccess((response) -> logger.debug(LogMessage.answered(operation, resource, 200, response.requestId(), start)))
			.doOnError(ArmException.class, (ex) -> failed(operation, resource, ex, start));
	}

	private static WebClient.RequestHeadersSpec<?> withBody(WebClient.RequestBodySpec request, @Nullable Object body) {
		return (body != null) ? request.contentType(MediaType.APPLICATION_JSON).bodyValue(body) : request;
	}

	/**
	 * A call that failed is logged; one the broker held back is counted, and logged only at debug
	 * level: while the circuit is open that is every request for an uncached resource, and the
	 * circuit's transitions are logged once each by {@link ArmResilience}.
	 */
	private void failed(ArmOperation<?> operation, MlResource resource, ArmException ex, long start) {
		ArmException.HeldBack heldBack = ex.heldBack();
		if (heldBack == null) {
			logger.warn(operation.name() + " " + resource.id() + ": " + ex.getMessage() + " after " + LogMessage.millis(start) + " ms");
			return;
		}
		this.metrics.heldBack(heldBack);
		if (logger.isDebugEnabled()) {
			logger.debug(operation.name() + " " + resource.id() + ": " + ex.getMessage());
		}
	}

	/** How long the body asks Azure to let the secret live, if it asks. */
	private static @Nullable Duration lifetime(@Nullable Object body) {
		return (body instanceof SecretExpiry expiry && expiry.expirableSecret())
				? Duration.ofHours(expiry.expireAfterHours()) : null;
	}

	private <T> Mono<ArmResponse<T>> read(ClientResponse response, Class<T> type, @Nullable Duration lifetime) {
		HttpStatusCode status = response.statusCode();
		String requestId = response.headers().asHttpHeaders().getFirst(REQUEST_ID);
		String remaining = response.headers().asHttpHeaders().getFirst(REMAINING_WRITES);
		if (remaining != null && remaining.matches("\\d{1,9}")) {
			this.remainingWrites.set(Long.parseLong(remaining));
		}
		Mono<byte[]> read = response.bodyToMono(byte[].class);
		if (!status.is2xxSuccessful()) {
			// An error's status says what happened; a body too large to read (a gateway's page) only
			// loses its code, not the status and its Retry-After.
			read = read.onErrorResume(DataBufferLimitException.class, (ex) -> Mono.empty());
		}
		return read.defaultIfEmpty(new byte[0]).map((body) -> {
			if (status.is2xxSuccessful()) {
				return new ArmResponse<>(parse(body, type, status, requestId), requestId, lifetime);
			}
			throw failure(status, body, requestId, response.headers().asHttpHeaders().getFirst("Retry-After"));
		});
	}

	private <T> T parse(byte[] body, Class<T> type, HttpStatusCode status, @Nullable String requestId) {
		try {
			T value = this.jsonMapper.readValue(body, type);
			if (value != null) {
				return value;
			}
		}
		catch (JacksonException ex) {
			// The parser's message can quote the body, which holds secrets: keep neither.
		}
		throw new ArmException(ArmException.Reason.BAD_RESPONSE, status.value(), null, requestId, null);
	}

	private ArmException failure(HttpStatusCode status, byte[] body, @Nullable String requestId,
			@Nullable String retryAfter) {
		return new ArmException(reasonFor(status.value()), status.value(), ArmErrorCodes.read(this.jsonMapper, body),
				requestId, parseRetryAfter(retryAfter));
	}

	private static ArmException.Reason reasonFor(int status) {
		return switch (status) {
			case 404 -> ArmException.Reason.NOT_FOUND;
			case 401, 403 -> ArmException.Reason.UPSTREAM_AUTHORIZATION;
			case 408, 429 -> ArmException.Reason.UPSTREAM_UNAVAILABLE;
			default -> (status >= 500) ? ArmException.Reason.UPSTREAM_UNAVAILABLE
					: (status >= 400) ? ArmException.Reason.UNUSABLE_ANSWER : ArmException.Reason.BAD_RESPONSE;
		};
	}

	private static @Nullable Duration parseRetryAfter(@Nullable String value) {
		if (value == null || !value.matches("\\d{1,6}")) {
			return null;
		}
		return Duration.ofSeconds(Long.parseLong(value));
	}

	private static Throwable translate(Throwable ex) {
		if (causedBy(ex, TimeoutException.class, ReadTimeoutException.class)) {
			return ArmException.withoutResponse(ArmException.Reason.TIMEOUT);
		}
		if (ex instanceof WebClientRequestException) {
			return ArmException.connectionFailed();
		}
		if (causedBy(ex, DataBufferLimitException.class)) {
			return ArmException.withoutResponse(ArmException.Reason.UNUSABLE_ANSWER);
		}
		return ArmException.withoutResponse(ArmException.Reason.BAD_RESPONSE);
	}

	/** Whether the failure, or one of its causes, is of one of the types. */
	private static boolean causedBy(Throwable ex, Class<?>... types) {
		for (Throwable candidate = ex; candidate != null; candidate = candidate.getCause()) {
			for (Class<?> type : types) {
				if (type.isInstance(candidate)) {
					return true;
				}
			}
		}
		return false;
	}

	private static final class LogMessage {

		static String answered(ArmOperation<?> operation, MlResource resource, int status, @Nullable String requestId,
				long start) {
			return operation.name() + " " + resource.id() + " answered " + status + " (x-ms-request-id " + requestId + ") in "
					+ millis(start) + " ms";
		}

		static long millis(long start) {
			return Duration.ofNanos(System.nanoTime() - start).toMillis();
		}

	}

}
