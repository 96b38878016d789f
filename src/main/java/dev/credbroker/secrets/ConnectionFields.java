package dev.credbroker.secrets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.credbroker.azure.ConnectionSecrets;
import org.jspecify.annotations.Nullable;

/**
 * The fields of a workspace connection: {@code connection.authType}, {@code connection.category},
 * {@code connection.target} and {@code connection.expiryTime}, none secret, and
 * {@code connection.credentials.<name>} for each credential of its auth type, secret as Azure's
 * specification marks them, or {@code connection.credentials.keys.<name>} for each of a
 * {@code CustomKeys} connection's keys. An auth type whose credentials the broker has no schema for
 * yields the fields that are not secret only: never its credentials as Azure sent them.
 */
final class ConnectionFields {

	static final String CREDENTIALS = "connection.credentials.";

	/** Where a {@code CustomKeys} connection's keys are, each under the name Azure gives it. */
	static final String CUSTOM_KEYS = CREDENTIALS + "keys.";

	/** The connection's own fields, none secret. */
	static final List<SecretKind.Field> PROPERTIES = List.of(SecretKind.Field.clear("connection.authType"),
			SecretKind.Field.clear("connection.category"), SecretKind.Field.clear("connection.target"),
			SecretKind.Field.clear("connection.expiryTime"));

	/** The connection's fields. */
	static final SecretKind.Reader<ConnectionSecrets> READER = new SecretKind.Reader<>() {

		@Override
		public Map<String, SecretValue> fields(ConnectionSecrets connection) {
			return ConnectionFields.fields(connection);
		}

		@Override
		public @Nullable String unknownSchema(ConnectionSecrets connection) {
			String authType = authType(connection);
			return (AuthType.of(authType) == null) ? String.valueOf(authType) : null;
		}

	};

	private ConnectionFields() {
	}

	/**
	 * Every field a connection may have: its own, then each auth type's credentials, each once.
	 * @return the fields, in view order
	 */
	static List<SecretKind.Field> all() {
		Map<String, SecretKind.Field> fields = new LinkedHashMap<>();
		PROPERTIES.forEach((field) -> fields.put(field.name(), field));
		for (AuthType type : AuthType.values()) {
			for (Credential credential : type.credentials) {
				SecretKind.Field field = new SecretKind.Field(CREDENTIALS + credential.name(), credential.secret());
				SecretKind.Field known = fields.putIfAbsent(field.name(), field);
				if (known != null && known.secret() != field.secret()) {
					throw new IllegalStateException(field.name() + " is secret in one auth type and not in another");
				}
			}
		}
		fields.put(CUSTOM_KEYS, SecretKind.Field.secret(CUSTOM_KEYS));
		return new ArrayList<>(fields.values());
	}

	static Map<String, SecretValue> fields(ConnectionSecrets connection) {
		SecretFields fields = new SecretFields();
		ConnectionSecrets.Properties properties = connection.properties();
		if (properties == null) {
			return fields.build();
		}
		fields.put("connection.authType", properties.authType());
		fields.put("connection.category", properties.category());
		fields.put("connection.target", properties.target());
		fields.put("connection.expiryTime", properties.expiryTime());
		AuthType type = AuthType.of(properties.authType());
		ConnectionSecrets.Credentials credentials = properties.credentials();
		if (type == null || credentials == null) {
			return fields.build();
		}
		for (Credential credential : type.credentials) {
			fields.put(CREDENTIALS + credential.name(), credential.value().apply(credentials));
		}
		if (type == AuthType.CUSTOM_KEYS && credentials.keys() != null) {
			credentials.keys().forEach((name, value) -> {
				if (name != null && SecretFields.isFieldPart(name)) {
					fields.put(CUSTOM_KEYS + name, value);
				}
			});
		}
		return fields.build();
	}

	private static @Nullable String authType(ConnectionSecrets connection) {
		return (connection.properties() != null) ? connection.properties().authType() : null;
	}

	/**
	 * The auth types whose credentials Azure's specification gives a schema, with their credentials.
	 * {@code AAD} and {@code None} have none; the types Azure added without a schema
	 * ({@code DelegatedSAS}, {@code ProjectManagedIdentity}, {@code AccountManagedIdentity},
	 * {@code UserEntraToken} and the agentic ones) are not here, so that whatever they carry stays
	 * out.
	 */
	enum AuthType {

		ACCESS_KEY("AccessKey", clear("accessKeyId", ConnectionSecrets.Credentials::accessKeyId),
				secret("secretAccessKey", ConnectionSecrets.Credentials::secretAccessKey)),

		ACCOUNT_KEY("AccountKey", secret("key", ConnectionSecrets.Credentials::key)),

		API_KEY("ApiKey", secret("key", ConnectionSecrets.Credentials::key)),

		/** Keys named by whoever made the connection: under {@link #CUSTOM_KEYS}. */
		CUSTOM_KEYS("CustomKeys"),

		MANAGED_IDENTITY("ManagedIdentity", clear("clientId", ConnectionSecrets.Credentials::clientId),
				clear("resourceId", ConnectionSecrets.Credentials::resourceId)),

		OAUTH2("OAuth2", clear("authUrl", ConnectionSecrets.Credentials::authUrl),
				clear("clientId", ConnectionSecrets.Credentials::clientId),
				secret("clientSecret", ConnectionSecrets.Credentials::clientSecret),
				secret("developerToken", ConnectionSecrets.Credentials::developerToken),
				secret("password", ConnectionSecrets.Credentials::password),
				secret("refreshToken", ConnectionSecrets.Credentials::refreshToken),
				clear("tenantId", ConnectionSecrets.Credentials::tenantId),
				clear("username", ConnectionSecrets.Credentials::username)),

		PAT("PAT", secret("pat", ConnectionSecrets.Credentials::pat)),

		SAS("SAS", secret("sas", ConnectionSecrets.Credentials::sas)),

		SERVICE_PRINCIPAL("ServicePrincipal", clear("clientId", ConnectionSecrets.Credentials::clientId),
				secret("clientSecret", ConnectionSecrets.Credentials::clientSecret),
				clear("tenantId", ConnectionSecrets.Credentials::tenantId)),

		USERNAME_PASSWORD("UsernamePassword", clear("username", ConnectionSecrets.Credentials::username),
				secret("password", ConnectionSecrets.Credentials::password),
				secret("securityToken", ConnectionSecrets.Credentials::securityToken)),

		AAD("AAD"),

		NONE("None");

		private final String value;

		private final List<Credential> credentials;

		AuthType(String value, Credential... credentials) {
			this.value = value;
			this.credentials = List.of(credentials);
		}

		/**
		 * The auth type Azure names, as its specification spells it.
		 * @param value the discriminator
		 * @return the type, or {@code null} when the broker knows no schema for it
		 */
		static @Nullable AuthType of(@Nullable String value) {
			for (AuthType type : values()) {
				if (type.value.equals(value)) {
					return type;
				}
			}
			return null;
		}

		String value() {
			return this.value;
		}

		List<Credential> credentials() {
			return this.credentials;
		}

		private static Credential secret(String name, Function<ConnectionSecrets.Credentials, @Nullable String> value) {
			return new Credential(name, true, value);
		}

		private static Credential clear(String name, Function<ConnectionSecrets.Credentials, @Nullable String> value) {
			return new Credential(name, false, value);
		}

	}

	/**
	 * One credential of an auth type.
	 *
	 * @param name its name in Azure's {@code credentials} and below {@link #CREDENTIALS}
	 * @param secret whether its value is secret
	 * @param value reads it
	 */
	record Credential(String name, boolean secret, Function<ConnectionSecrets.Credentials, @Nullable String> value) {
	}

}
