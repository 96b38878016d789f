package dev.credbroker.api;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The problems the API answers with. Each has a stable {@code code} and {@code type} that clients
 * may branch on; titles and details are for people.
 */
enum ApiProblem {

	INVALID_PARAMETER(HttpStatus.BAD_REQUEST, "InvalidParameter", "Invalid request parameter"),

	INVALID_REQUEST(HttpStatus.BAD_REQUEST, "InvalidRequest", "Invalid request"),

	UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "Unauthenticated", "Authentication required"),

	ACCESS_DENIED(HttpStatus.FORBIDDEN, "AccessDenied", "Access denied"),

	POLICY_DENIED(HttpStatus.FORBIDDEN, "PolicyDenied", "Denied by policy"),

	REVEAL_DENIED(HttpStatus.FORBIDDEN, "RevealDenied", "Reveal denied by policy"),

	QUOTA_EXCEEDED(HttpStatus.TOO_MANY_REQUESTS, "QuotaExceeded", "Team quota exceeded"),

	NOT_FOUND(HttpStatus.NOT_FOUND, "NotFound", "No such endpoint"),

	RESOURCE_NOT_FOUND(HttpStatus.NOT_FOUND, "ResourceNotFound", "Resource not found"),

	METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "MethodNotAllowed", "Method not allowed"),

	NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "NotAcceptable", "Not acceptable"),

	UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UnsupportedMediaType", "Unsupported media type"),

	UPSTREAM_AUTHORIZATION_FAILED(HttpStatus.BAD_GATEWAY, "UpstreamAuthorizationFailed",
			"Azure refused the broker's identity"),

	UPSTREAM_BAD_RESPONSE(HttpStatus.BAD_GATEWAY, "UpstreamBadResponse", "Azure's answer could not be used"),

	UPSTREAM_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "UpstreamUnavailable", "Azure is unavailable"),

	IDENTITY_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "IdentityUnavailable",
			"The broker's managed identity is unavailable"),

	UPSTREAM_TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "UpstreamTimeout", "Azure did not answer in time"),

	AUDIT_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "AuditUnavailable", "The audit trail is unavailable"),

	INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "InternalError", "Internal error");

	private static final String TYPE_PREFIX = "urn:credential-broker:problem:";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpStatus status;

	private final String code;

	private final String title;

	/** Worked out once: a refusal asks for it on every request while Azure is down. */
	private final String type;

	ApiProblem(HttpStatus status, String code, String title) {
		this.status = status;
		this.code = code;
		this.title = title;
		this.type = TYPE_PREFIX + kebab(code);
	}

	HttpStatus status() {
		return this.status;
	}

	String code() {
		return this.code;
	}

	String title() {
		return this.title;
	}

	/**
	 * The detail this problem is answered with: the only one, or, where the detail names something
	 * of the request (a parameter, fields, a team), an example for the OpenAPI document.
	 * @return the sentence
	 */
	String detail() {
		return switch (this) {
			case INVALID_PARAMETER -> "Invalid parameter: workspaceName";
			case INVALID_REQUEST -> "The request URL is not acceptable";
			case UNAUTHENTICATED -> "A valid bearer token from a trusted issuer is required";
			case ACCESS_DENIED -> "The caller may not do this";
			case POLICY_DENIED -> "No grant of the caller's teams covers this resource, whether or not it exists";
			case REVEAL_DENIED -> "The policy does not let the caller see these fields in clear: [userStorageKey]";
			case QUOTA_EXCEEDED -> "Team team-alpha has used its requests for this minute";
			case NOT_FOUND -> "No such endpoint";
			case RESOURCE_NOT_FOUND -> "Azure has no such resource";
			case METHOD_NOT_ALLOWED -> "Method not allowed";
			case NOT_ACCEPTABLE -> "Not acceptable";
			case UNSUPPORTED_MEDIA_TYPE -> "Unsupported media type";
			case UPSTREAM_AUTHORIZATION_FAILED ->
				"Azure refused the broker's identity; its role assignment may be missing";
			case UPSTREAM_BAD_RESPONSE -> "Azure Resource Manager's answer could not be used";
			case UPSTREAM_UNAVAILABLE -> "Azure Resource Manager is throttling, failing or unreachable; retry later";
			case IDENTITY_UNAVAILABLE -> "The broker could not obtain a token for Azure from its managed identity";
			case UPSTREAM_TIMEOUT -> "Azure Resource Manager did not answer in time";
			case AUDIT_UNAVAILABLE -> "The request could not be recorded in the audit trail, so it was not served";
			case INTERNAL_ERROR -> "The broker failed to handle the request";
		};
	}

	String type() {
		return this.type;
	}

	ProblemDetail toProblemDetail(String detail) {
		return apply(ProblemDetail.forStatusAndDetail(this.status, detail));
	}

	/**
	 * Gives a problem this one's type, title and code, keeping its detail.
	 * @param problem the problem to complete
	 * @return the same problem
	 */
	ProblemDetail apply(ProblemDetail problem) {
		problem.setStatus(this.status);
		problem.setType(URI.create(type()));
		problem.setTitle(this.title);
		problem.setProperty("code", this.code);
		return problem;
	}

	/**
	 * This problem as Problem Details JSON, for the places outside Spring MVC that must answer
	 * without a message converter: Tomcat's error report and the audit filter's refusal.
	 * @param status the HTTP status to state
	 * @param detail the detail for people
	 * @return the JSON text
	 */
	String toJson(int status, String detail) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", type());
		body.put("title", this.title);
		body.put("status", status);
		body.put("detail", detail);
		body.put("code", this.code);
		return JSON.writeValueAsString(body);
	}

	/** The problem for a framework error that only has a status. */
	static ApiProblem forStatus(int status) {
		return switch (status) {
			case 400 -> INVALID_REQUEST;
			case 401 -> UNAUTHENTICATED;
			case 403 -> ACCESS_DENIED;
			case 404 -> NOT_FOUND;
			case 405 -> METHOD_NOT_ALLOWED;
			case 406 -> NOT_ACCEPTABLE;
			case 415 -> UNSUPPORTED_MEDIA_TYPE;
			default -> (status >= 400 && status < 500) ? INVALID_REQUEST : INTERNAL_ERROR;
		};
	}

	private static String kebab(String code) {
		return code.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

}
