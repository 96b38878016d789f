package dev.credbroker.api;

/**
 * Examples for the OpenAPI description, in the shapes of Azure's published listKeys examples,
 * redacted as the broker redacts them. Made-up values only.
 */
final class ApiExamples {

	static final String WORKSPACE_VIEW = """
			{"resourceId": "/subscriptions/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee/resourceGroups/testrg123/providers/Microsoft.MachineLearningServices/workspaces/workspaces123",
			 "kind": "workspace", "retrievedAt": "2026-11-25T10:48:48.269Z", "stale": false,
			 "secrets": {
			   "userStorageResourceId": {"redacted": true, "length": 134, "fingerprint": "hmac-sha256:3c9e0d8b5f1a47e2a6b1c0d9e8f7a6b5"},
			   "containerRegistry.username": {"redacted": true, "length": 20, "fingerprint": "hmac-sha256:8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d"},
			   "containerRegistry.passwords.password": {"redacted": true, "length": 32, "fingerprint": "hmac-sha256:1f2e3d4c5b6a79880716253443526170"},
			   "containerRegistry.passwords.password2": {"value": "<value>"}}}
			""";

	static final String COMPUTE_VIEW = """
			{"resourceId": "/subscriptions/34adfa4f-cedf-4dc0-ba29-b6d1a69ab345/resourceGroups/testrg123/providers/Microsoft.MachineLearningServices/workspaces/workspaces123/computes/compute123",
			 "kind": "compute", "computeType": "AKS", "retrievedAt": "2026-11-25T10:48:48.323Z", "stale": false,
			 "secrets": {
			   "aks.userKubeConfig": {"redacted": true, "length": 19, "fingerprint": "hmac-sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f9"},
			   "aks.adminKubeConfig": {"redacted": true, "length": 20, "fingerprint": "hmac-sha256:f9e8d7c6b5a4938271605f4e3d2c1b0a"},
			   "aks.imagePullSecretName": {"redacted": true, "length": 26, "fingerprint": "hmac-sha256:5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d"}}}
			""";

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
