package dev.credbroker.secrets;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.credbroker.azure.ArmOperation;
import dev.credbroker.azure.Segment;
import org.jspecify.annotations.Nullable;

/**
 * A kind of secret the broker serves, described as data: where it sits in the API and in ARM, how
 * its path's names are checked (by each {@link Segment}), which ARM operation returns it, and how
 * Azure's payload flattens into the named fields that policies and views speak of. The API's
 * routes, its validation, its OpenAPI operations and its audit actions are all made from these
 * descriptors; adding a kind is adding one to {@link SecretKinds}, with its payload record.
 *
 * @param name the kind, as views name it, such as {@code compute}
 * @param operation the ARM operation, whose name is also the audit action and the metrics' tag
 * @param endpoint the last segment of the API's path, such as {@code keys}
 * @param title the operation's summary in the OpenAPI document
 * @param description what the operation returns, for the OpenAPI document
 * @param fields the fields the payload may have, in the order views list them; a name ending in
 * {@code .} stands for any field Azure names below it
 * @param flatten the payload's fields by name; absent or null values left out
 * @param subtype the payload's subtype, such as a compute's type; {@code null} when it has none
 * @param example a view of this kind, for the OpenAPI document: made-up values only
 * @param <T> the payload's type
 */
public record SecretKind<T>(String name, ArmOperation<T> operation, String endpoint, String title, String description,
		List<String> fields, Function<T, Map<String, SecretValue>> flatten, Function<T, @Nullable String> subtype,
		String example) {

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
		Set<String> known = new LinkedHashSet<>();
		for (String field : this.fields) {
			if (!field.endsWith(".")) {
				known.add(field);
			}
		}
		return known;
	}

	/**
	 * Whether a field name or a pattern's text lies where Azure names fields itself, so that a name
	 * the broker does not know may still be one.
	 * @param text the name or pattern
	 * @return whether it starts with such a prefix
	 */
	public boolean isAzureNamed(String text) {
		for (String field : this.fields) {
			if (field.endsWith(".") && text.startsWith(field)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return this.name;
	}

}
