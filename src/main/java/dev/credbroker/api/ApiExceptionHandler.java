package dev.credbroker.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.credbroker.access.DeniedException;
import dev.credbroker.access.InvalidParameterException;
import dev.credbroker.azure.ArmException;
import dev.credbroker.azure.InvalidResourceNameException;
import dev.credbroker.policy.Decision;
import dev.credbroker.policy.QuotaExceededException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps every failure to RFC 9457 Problem Details with a stable {@code code}. No stack trace, no
 * exception message from a library, and nothing Azure said beyond its error code and request id.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Log log = LogFactory.getLog(ApiExceptionHandler.class);

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidResourceName(InvalidResourceNameException ex) {
		return invalidParameters(ex.violations()
			.stream()
			.map((violation) -> new InvalidParam(violation.parameter(), "must match \"" + violation.rule() + "\""))
			.toList());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidParameter(InvalidParameterException ex) {
		return invalidParameters(List.of(new InvalidParam(ex.parameter(), ex.reason())));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> denied(DeniedException ex) {
		Decision decision = ex.decision();
		ProblemDetail body;
		if (decision.reason() == Decision.Reason.REVEAL_NOT_GRANTED) {
			body = ApiProblem.REVEAL_DENIED.toProblemDetail(
					"The policy does not let the caller see these fields in clear: " + decision.revealDenied());
			body.setProperty("fields", decision.revealDenied());
		}
		else if (decision.reason() == Decision.Reason.EVICT_NOT_GRANTED) {
			body = ApiProblem.POLICY_DENIED.toProblemDetail("No grant of the caller's teams lets it evict this resource");
		}
		else {
			// Decided without calling Azure, so it says nothing of whether the resource exists.
			body = ApiProblem.POLICY_DENIED
				.toProblemDetail("No grant of the caller's teams covers this resource, whether or not it exists");
		}
		body.setProperty("reason", decision.reason().value());
		return ResponseEntity.status(HttpStatus.FORBIDDEN).body(body);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> quotaExceeded(QuotaExceededException ex) {
		ProblemDetail body = ApiProblem.QUOTA_EXCEEDED
			.toProblemDetail("Team " + ex.team() + " has used its requests for this minute");
		body.setProperty("team", ex.team());
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfter().toSeconds()))
			.body(body);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> armFailure(ArmException ex) {
		ApiProblem problem = switch (ex.reason()) {
			case NOT_FOUND -> ApiProblem.RESOURCE_NOT_FOUND;
			case UPSTREAM_AUTHORIZATION -> ApiProblem.UPSTREAM_AUTHORIZATION_FAILED;
			case UPSTREAM_UNAVAILABLE -> ApiProblem.UPSTREAM_UNAVAILABLE;
			case TIMEOUT -> ApiProblem.UPSTREAM_TIMEOUT;
			case BAD_RESPONSE, UNUSABLE_ANSWER -> ApiProblem.UPSTREAM_BAD_RESPONSE;
			case IDENTITY_UNAVAILABLE -> ApiProblem.IDENTITY_UNAVAILABLE;
		};
		ProblemDetail body = problem.toProblemDetail(problem.detail());
		if (ex.armCode() != null) {
			body.setProperty("upstreamCode", ex.armCode());
		}
		if (ex.requestId() != null) {
			body.setProperty("upstreamRequestId", ex.requestId());
		}
		ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.status());
		Duration retryAfter = ex.retryAfter();
		ArmException.HeldBack heldBack = ex.heldBack();
		if (heldBack != null) {
			body.setProperty("heldBack", heldBack.value());
		}
		if (retryAfter != null && problem == ApiProblem.UPSTREAM_UNAVAILABLE) {
			response.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()));
		}
		return response.body(body);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unauthenticated(AuthenticationException ex) {
		return respond(ApiProblem.UNAUTHENTICATED);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> accessDenied(AccessDeniedException ex) {
		return respond(ApiProblem.ACCESS_DENIED);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> rejected(RequestRejectedException ex) {
		return respond(ApiProblem.INVALID_REQUEST);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		log.error("Unexpected failure", ex);
		return respond(ApiProblem.INTERNAL_ERROR);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMissingServletRequestParameter(
			MissingServletRequestParameterException ex, HttpHeaders headers, HttpStatusCode status,
			WebRequest request) {
		return new ResponseEntity<>(
				invalidParameters(List.of(new InvalidParam(ex.getParameterName(), "is required"))).getBody(), headers,
				ApiProblem.INVALID_PARAMETER.status());
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		ProblemDetail problem = (body instanceof ProblemDetail detail) ? detail
				: ProblemDetail.forStatus(statusCode);
		ApiProblem.forStatus(statusCode.value()).apply(problem);
		return new ResponseEntity<>(problem, headers, statusCode);
	}

	private static ResponseEntity<ProblemDetail> invalidParameters(List<InvalidParam> invalid) {
		String names = String.join(", ", invalid.stream().map(InvalidParam::name).distinct().toList());
		ProblemDetail body = ApiProblem.INVALID_PARAMETER.toProblemDetail("Invalid parameter: " + names);
		body.setProperty("invalidParams",
				invalid.stream().map(InvalidParam::toMap).toList());
		return ResponseEntity.status(ApiProblem.INVALID_PARAMETER.status()).body(body);
	}

	private static ResponseEntity<ProblemDetail> respond(ApiProblem problem) {
		return ResponseEntity.status(problem.status()).body(problem.toProblemDetail(problem.detail()));
	}


	private record InvalidParam(String name, String reason) {

		/** Name first, as RFC 9457's example writes it, in every answer alike. */
		Map<String, String> toMap() {
			Map<String, String> param = new LinkedHashMap<>();
			param.put("name", this.name);
			param.put("reason", this.reason);
			return param;
		}

	}

}
