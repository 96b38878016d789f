package dev.credbroker.secrets;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What Azure returned for one resource, flattened into named fields, each with its fingerprint.
 *
 * @param resourceId the ARM id of the resource
 * @param kind the kind of secret, as {@link SecretKind#name()} names it
 * @param subtype the payload's subtype, such as a compute's type; {@code null} when it has none
 * @param retrievedAt when Azure answered
 * @param fields the fields by name, in a stable order; null or absent fields are left out
 * @param fingerprints each field's fingerprint, made once when Azure answered
 * @param clear the fields that are not secret, shown in clear to whoever may read them
 * @param validity how long the secret is good for, as Azure said
 * @param armRequestId Resource Manager's {@code x-ms-request-id}
 */
public record ResourceSecrets(String resourceId, String kind, @Nullable String subtype, Instant retrievedAt,
		Map<String, SecretValue> fields, Map<String, String> fingerprints, Set<String> clear,
		SecretKind.Validity validity, @Nullable String armRequestId) {

	public ResourceSecrets {
		clear = Set.copyOf(clear);
	}

	/**
	 * Azure's answer, every field secret, its fields fingerprinted.
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
		return of(resourceId, kind, subtype, retrievedAt, fields, Set.of(), SecretKind.Validity.UNBOUNDED,
				armRequestId, fingerprinter);
	}

	/**
	 * Azure's answer, its fields fingerprinted.
	 * @param resourceId the resource
	 * @param kind the kind of secret
	 * @param subtype the payload's subtype
	 * @param retrievedAt when Azure answered
	 * @param fields the fields
	 * @param clear the names of the kind's fields that are not secret
	 * @param validity how long the secret is good for
	 * @param armRequestId the request id
	 * @param fingerprinter fingerprints each field's value
	 * @return the secrets
	 */
	static ResourceSecrets of(String resourceId, String kind, @Nullable String subtype, Instant retrievedAt,
			Map<String, SecretValue> fields, Set<String> clear, SecretKind.Validity validity,
			@Nullable String armRequestId, Fingerprinter fingerprinter) {
		Map<String, String> fingerprints = new LinkedHashMap<>();
		fields.forEach((name, value) -> fingerprints.put(name, fingerprinter.fingerprint(value)));
		return new ResourceSecrets(resourceId, kind, subtype, retrievedAt, fields, Map.copyOf(fingerprints), clear,
				validity, armRequestId);
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

	/**
	 * Whether a field is shown in clear to whoever may read it.
	 * @param field the field's name
	 * @return whether it is not secret
	 */
	public boolean isClear(String field) {
		return this.clear.contains(field);
	}

}
