package dev.credbroker.api;

/**
 * Examples for the OpenAPI description, in the shapes of Azure's published listKeys examples,
 * redacted as the broker redacts them. Made-up values only.
 */
final class ApiExamples {

	static final String INVALID_PARAMETER = """
			{"type": "urn:credential-broker:problem:invalid-parameter", "title": "Invalid request parameter", "status": 400,
			 "detail": "Invalid parameter: workspaceName", "code": "InvalidParameter",
			 "invalidParams": [{"name": "workspaceName", "reason": "must match \\"^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$\\""}]}
			""";

	static final String UNAUTHENTICATED = """
			{"type": "urn:credential-broker:problem:unauthenticated", "title": "Authentication required", "status": 401,
			 "detail": "A valid bearer token from a trusted issuer is required", "code": "Unauthenticated"}
			""";

	static final String POLICY_DENIED = """
			{"type": "urn:credential-broker:problem:policy-denied", "title": "Denied by policy", "status": 403,
			 "detail": "No grant of the caller's teams covers this resource, whether or not it exists",
			 "code": "PolicyDenied", "reason": "no-grant"}
			""";

	static final String REVEAL_DENIED = """
			{"type": "urn:credential-broker:problem:reveal-denied", "title": "Reveal denied by policy", "status": 403,
			 "detail": "The policy does not let the caller see these fields in clear: [userStorageKey]",
			 "code": "RevealDenied", "fields": ["userStorageKey"], "reason": "reveal-not-granted"}
			""";

	static final String UPSTREAM_UNAVAILABLE = """
			{"type": "urn:credential-broker:problem:upstream-unavailable", "title": "Azure is unavailable", "status": 503,
			 "detail": "Azure Resource Manager is throttling, failing or unreachable; retry later",
			 "code": "UpstreamUnavailable", "heldBack": "circuit-open"}
			""";

	private ApiExamples() {
	}

}
