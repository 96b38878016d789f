package dev.credbroker.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.credbroker.azure.DatastoreSecrets;
import org.jspecify.annotations.Nullable;

/**
 * The fields of a datastore's secrets: {@code datastore.secretsType}, not secret, and the one
 * secret of that type, {@code datastore.key}, {@code datastore.certificate},
 * {@code datastore.sasToken} or {@code datastore.clientSecret}. Azure's specification marks none of
 * them secret; all are. A type the broker does not know yields {@code datastore.secretsType} only.
 */
final class DatastoreFields {

	static final String SECRETS_TYPE = "datastore.secretsType";

	/** The datastore's fields. */
	static final SecretKind.Reader<DatastoreSecrets> READER = new SecretKind.Reader<>() {

		@Override
		public Map<String, SecretValue> fields(DatastoreSecrets secrets) {
			SecretFields fields = new SecretFields();
			fields.put(SECRETS_TYPE, secrets.secretsType());
			SecretsType type = SecretsType.of(secrets.secretsType());
			if (type != null) {
				fields.put(type.field(), type.value.apply(secrets));
			}
			return fields.build();
		}

		@Override
		public @Nullable String unknownSchema(DatastoreSecrets secrets) {
			return (SecretsType.of(secrets.secretsType()) == null) ? String.valueOf(secrets.secretsType()) : null;
		}

	};

	private DatastoreFields() {
	}

	/**
	 * Every field a datastore's secrets may have.
	 * @return the fields, in view order
	 */
	static List<SecretKind.Field> all() {
		List<SecretKind.Field> fields = new ArrayList<>();
		fields.add(SecretKind.Field.clear(SECRETS_TYPE));
		for (SecretsType type : SecretsType.values()) {
			fields.add(SecretKind.Field.secret(type.field()));
		}
		return fields;
	}

	/**
	 * Azure's {@code SecretsType}, each with its one secret.
	 */
	enum SecretsType {

		ACCOUNT_KEY("AccountKey", "key", DatastoreSecrets::key),

		CERTIFICATE("Certificate", "certificate", DatastoreSecrets::certificate),

		SAS("Sas", "sasToken", DatastoreSecrets::sasToken),

		SERVICE_PRINCIPAL("ServicePrincipal", "clientSecret", DatastoreSecrets::clientSecret);

		private final String type;

		private final String member;

		private final Function<DatastoreSecrets, @Nullable String> value;

		SecretsType(String type, String member, Function<DatastoreSecrets, @Nullable String> value) {
			this.type = type;
			this.member = member;
			this.value = value;
		}

		static @Nullable SecretsType of(@Nullable String type) {
			for (SecretsType candidate : values()) {
				if (candidate.type.equals(type)) {
					return candidate;
				}
			}
			return null;
		}

		String field() {
			return "datastore." + this.member;
		}

	}

}
