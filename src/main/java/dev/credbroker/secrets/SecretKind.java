package dev.credbroker.secrets;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.credbroker.azure.ArmOperation;
import dev.credbroker.azure.Segment;
import org.jspecify.annotations.Nullable;

/**
 * A kind of secret the broker serves, described as data: where it sits in the API and in ARM, how
 * its path's names are checked (by each {@link Segment}), which ARM operation returns it, which
 * fields it has and which of them are secret, and how Azure's payload is read into them. The API's
 * routes, its validation, its OpenAPI operations and its audit actions are all made from these
 * descriptors; adding a kind is adding one to {@link SecretKinds}, with its payload record and its
 * {@link Reader}.
 *
 * @param name the kind, as views name it, such as {@code compute}; unique
 * @param operation the ARM operation, whose name is also the audit action and the metrics' tag
 * @param endpoint the last segment of the API's path, such as {@code keys}
 * @param title the operation's summary in the OpenAPI document
 * @param description what the operation returns, for the OpenAPI document
 * @param fields the fields the payload may have, in the order views list them
 * @param reader reads Azure's payload into the fields
 * @param example a view of this kind, for the OpenAPI document: made-up values only
 * @param <T> the payload's type
 */
public record SecretKind<T>(String name, ArmOperation<T> operation, String endpoint, String title, String description,
		List<Field> fields, Reader<T> reader, String example) {

	public SecretKind {
		fields = List.copyOf(fields);
	}

	/**
	 * The segments of the resource's path.
	 * @return the segments
	 */
	public List<Segment> path() {
		return this.operation.path();
	}

	/**
	 * The API path, below {@code /api/v1}.
	 * @return such as {@code /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/workspaces/{workspaceName}/keys}
	 */
	public String apiPath() {
		StringBuilder path = new StringBuilder(128);
		for (Segment segment : path()) {
			path.append('/').append(segment.keyword()).append("/{").append(segment.parameter()).append('}');
		}
		return path.append('/').append(this.endpoint).toString();
	}

	/**
	 * The field names a resource of this kind may have, before Azure is asked: for deciding on a
	 * request without calling Azure.
	 * @return the names Azure always uses, in view order
	 */
	public Set<String> knownFields() {
		return known().names();
	}

	/**
	 * The fields a resource of this kind may have, and which of them are not secret.
	 * @return the fields
	 */
	public KnownFields known() {
		Set<String> names = new LinkedHashSet<>();
		Set<String> clear = new LinkedHashSet<>();
		for (Field field : this.fields) {
			if (!field.isPrefix()) {
				names.add(field.name());
				if (!field.secret()) {
					clear.add(field.name());
				}
			}
		}
		return new KnownFields(names, clear);
	}

	/**
	 * Whether a field name or a pattern's text lies where Azure names fields itself, so that a name
	 * the broker does not know may still be one.
	 * @param text the name or pattern
	 * @return whether it starts with such a prefix
	 */
	public boolean isAzureNamed(String text) {
		for (Field field : this.fields) {
			if (field.isPrefix() && text.startsWith(field.name())) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return this.name;
	}

	/**
	 * One field of a kind.
	 *
	 * @param name its name, such as {@code endpoint.primaryKey}; a name ending in {@code .} stands
	 * for any field Azure names below it, all secret
	 * @param secret whether its value is secret: redacted unless revealed. A field that is not is
	 * shown in clear to whoever may read it, and needs no {@code reveal}
	 */
	public record Field(String name, boolean secret) {

		public Field {
			if (name.endsWith(".") && !secret) {
				throw new IllegalArgumentException("Fields Azure names are secret: " + name);
			}
		}

		/**
		 * A secret field, or the prefix of fields Azure names.
		 * @param name its name
		 * @return the field
		 */
		public static Field secret(String name) {
			return new Field(name, true);
		}

		/**
		 * A field that is not secret.
		 * @param name its name
		 * @return the field
		 */
		public static Field clear(String name) {
			return new Field(name, false);
		}

		/**
		 * Secret fields.
		 * @param names their names
		 * @return the fields
		 */
		public static List<Field> secrets(String... names) {
			return java.util.Arrays.stream(names).map(Field::secret).toList();
		}

		boolean isPrefix() {
			return this.name.endsWith(".");
		}

	}

	/**
	 * Reads Azure's payload of a kind into what the broker keeps of it.
	 *
	 * @param <T> the payload's type
	 */
	@FunctionalInterface
	public interface Reader<T> {

		/**
		 * The payload's fields by name, absent or null values left out.
		 * @param payload Azure's answer
		 * @return the fields
		 */
		Map<String, SecretValue> fields(T payload);

		/**
		 * The payload's subtype, shown beside the fields, such as a compute's type.
		 * @param payload Azure's answer
		 * @return the subtype; {@code null} when the kind has none
		 */
		default @Nullable String subtype(T payload) {
			return null;
		}

		/**
		 * The payload's type when the broker knows no schema of its secrets for it, such as a
		 * connection's new auth type: the secrets are then left out, and the broker warns.
		 * @param payload Azure's answer
		 * @return the unknown type; {@code null} when the schema is known
		 */
		default @Nullable String unknownSchema(T payload) {
			return null;
		}

		/**
		 * How long the secret is good for, when Azure says, such as a token's expiry.
		 * @param payload Azure's answer
		 * @return the validity; {@link Validity#UNBOUNDED} when Azure does not say
		 */
		default Validity validity(T payload) {
			return Validity.UNBOUNDED;
		}

	}

	/**
	 * How long a secret is good for, as Azure said when it handed it out.
	 *
	 * @param refreshAfter when a new one should be fetched; {@code null} when Azure does not say
	 * @param expiresAt when it stops working; {@code null} when Azure does not say
	 */
	public record Validity(@Nullable Instant refreshAfter, @Nullable Instant expiresAt) {

		/** A secret Azure gave no lifetime: the cache's own bounds apply. */
		public static final Validity UNBOUNDED = new Validity(null, null);

		/**
		 * This validity, expiring no later than a time.
		 * @param latest when the secret stops working at the latest
		 * @return the validity
		 */
		public Validity expiringBy(Instant latest) {
			return (this.expiresAt != null && this.expiresAt.isBefore(latest)) ? this
					: new Validity(this.refreshAfter, latest);
		}

	}

}
