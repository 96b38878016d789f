package dev.credbroker.secrets;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What Azure returned for one resource, flattened into named fields.
 *
 * @param resourceId the ARM id of the workspace or compute
 * @param kind workspace or compute
 * @param computeType the compute's type; {@code null} for a workspace
 * @param retrievedAt when Azure answered
 * @param fields the secret fields by name, in a stable order; null or absent fields are left out
 * @param armRequestId Resource Manager's {@code x-ms-request-id}
 */
public record ResourceSecrets(String resourceId, Kind kind, @Nullable String computeType, Instant retrievedAt,
		Map<String, SecretValue> fields, @Nullable String armRequestId) {

	/**
	 * The two kinds of resource that have keys.
	 */
	public enum Kind {

		WORKSPACE, COMPUTE

	}

}
