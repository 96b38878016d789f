package dev.credbroker.secrets;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What Azure returned for one resource, flattened into named fields, each with its fingerprint.
 *
 * @param resourceId the ARM id of the resource
 * @param kind the kind of secret, as {@link SecretKind#name()} names it
 * @param subtype the payload's subtype, such as a compute's type; {@code null} when it has none
 * @param retrievedAt when Azure answered
 * @param fields the secret fields by name, in a stable order; null or absent fields are left out
 * @param fingerprints each field's fingerprint, made once when Azure answered
 * @param armRequestId Resource Manager's {@code x-ms-request-id}
 */
public record ResourceSecrets(String resourceId, String kind, @Nullable String subtype, Instant retrievedAt,
		Map<String, SecretValue> fields, Map<String, String> fingerprints, @Nullable String armRequestId) {

	/**
	 * Azure's answer, its fields fingerprinted.
	 * @param resourceId the resource
	 * @param kind the kind of secret
	 * @param subtype the payload's subtype
	 * @param retrievedAt when Azure answered
	 * @param fields the fields
	 * @param armRequestId the request id
	 * @param fingerprinter fingerprints each field's value
	 * @return the secrets
	 */
	static ResourceSecrets of(String resourceId, String kind, @Nullable String subtype, Instant retrievedAt,
			Map<String, SecretValue> fields, @Nullable String armRequestId, Fingerprinter fingerprinter) {
		Map<String, String> fingerprints = new LinkedHashMap<>();
		fields.forEach((name, value) -> fingerprints.put(name, fingerprinter.fingerprint(value)));
		return new ResourceSecrets(resourceId, kind, subtype, retrievedAt, fields, Map.copyOf(fingerprints),
				armRequestId);
	}

	/**
	 * A field's fingerprint.
	 * @param field the field's name
	 * @return its fingerprint
	 */
	public String fingerprint(String field) {
		String fingerprint = this.fingerprints.get(field);
		if (fingerprint == null) {
			throw new IllegalArgumentException("No field " + field);
		}
		return fingerprint;
	}

}
