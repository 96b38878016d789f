package dev.credbroker.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import com.networknt.schema.path.NodePath;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The structure of a policy file, as {@code policy-schema.json} (in the jar, and published for
 * editors as {@code docs/policy-schema.json}) states it: the one statement of which keys there
 * are, what each holds and what each value looks like. What a schema cannot say (unique names, the
 * issuers the broker trusts) is left to {@link PolicyLoader}.
 * <p>
 * Each entry's message is the schema's own {@code errorMessage}, which editors show too, so that
 * an author reads the same sentence in the editor, from {@code policy-check} and in the broker's
 * log.
 */
final class PolicySchema {

	/** Where the schema is on the class path. */
	static final String RESOURCE = "/policy-schema.json";

	private static final String ERROR_MESSAGE = "errorMessage";

	private static final JsonNode document = read();

	/**
	 * Draft 2020-12, knowing {@code errorMessage} as an annotation (as editors read it), so that it
	 * is not logged as an unknown keyword.
	 */
	private static final Schema schema = SchemaRegistry
		.withDefaultDialect(Dialect.builder(Dialects.getDraft202012())
			.keyword(new AnnotationKeyword(ERROR_MESSAGE))
			.build())
		.getSchema(document.toString(), InputFormat.JSON);

	private PolicySchema() {
	}

	/**
	 * What is wrong with a policy file's structure.
	 * @param policy the file, read as a tree
	 * @return every violation, each with the path of the entry it concerns; empty when none
	 */
	static List<Violation> check(JsonNode policy) {
		List<Violation> violations = new ArrayList<>();
		for (Error error : schema.validate(policy)) {
			violations.add(violation(error));
		}
		return violations;
	}

	/**
	 * An entry that breaks the schema.
	 *
	 * @param path keys and indexes from the document's root to the entry
	 * @param reason what is wrong, for the author
	 */
	record Violation(List<Object> path, String reason) {
	}

	private static Violation violation(Error error) {
		List<Object> path = steps(error.getInstanceLocation());
		Trail trail = trail(error.getEvaluationPath());
		String keyword = String.valueOf(error.getKeyword());
		String property = error.getProperty();
		if ("additionalProperties".equals(keyword) && property != null) {
			path.add(property);
			return new Violation(path, "'" + property + "' is not a key here; the keys are "
					+ String.join(", ", trail.holder().path("properties").propertyNames()));
		}
		if ("required".equals(keyword) && property != null) {
			String message = messageOf(trail.holder().path("properties").path(property));
			return new Violation(path, (message != null) ? message : "'" + property + "' is missing");
		}
		String message = trail.message();
		if (message == null) {
			message = fallback(keyword, error.getArguments());
		}
		JsonNode value = error.getInstanceNode();
		if (value != null && value.isString() && !"type".equals(keyword)) {
			message = "'" + value.asString() + "': " + message;
		}
		return new Violation(path, message);
	}

	/** A message for a keyword whose schema gives none. */
	static String fallback(String keyword, Object @Nullable [] arguments) {
		if ("type".equals(keyword) && arguments != null && arguments.length == 2) {
			return "must be " + switch (String.valueOf(arguments[1])) {
				case "array" -> "a list";
				case "object" -> "a mapping";
				case "integer" -> "a whole number";
				case "boolean" -> "true or false";
				default -> "a " + arguments[1];
			};
		}
		return "breaks the schema's '" + keyword + "'";
	}

	/**
	 * The schema node holding an error's keyword, at the end of its evaluation path, and the node
	 * that led to it by {@code $ref}, if that was the last step.
	 */
	private record Trail(JsonNode holder, @Nullable JsonNode referrer) {

		/** The message the holder gives, or else the node that referred to it. */
		@Nullable String message() {
			String message = messageOf(this.holder);
			return (message == null && this.referrer != null) ? messageOf(this.referrer) : message;
		}

	}

	private static Trail trail(NodePath evaluationPath) {
		JsonNode node = document;
		JsonNode referrer = null;
		for (int i = 0; i < evaluationPath.getNameCount() - 1; i++) {
			Object step = evaluationPath.getElement(i);
			boolean reference = "$ref".equals(step);
			JsonNode next = reference ? resolve(node.path("$ref").asString())
					: (step instanceof Integer index) ? node.path(index) : node.path(String.valueOf(step));
			referrer = reference ? node : null;
			node = next;
		}
		return new Trail(node, referrer);
	}

	/** A property's message, its own or that of the definition it refers to. */
	private static @Nullable String messageOf(JsonNode schemaNode) {
		JsonNode message = schemaNode.get(ERROR_MESSAGE);
		if (message != null && message.isString()) {
			return message.asString();
		}
		JsonNode reference = schemaNode.get("$ref");
		return (reference != null) ? messageOf(resolve(reference.asString())) : null;
	}

	/** A reference within the schema, {@code #/$defs/name}: the only kind it uses. */
	private static JsonNode resolve(String reference) {
		return document.at(reference.startsWith("#") ? reference.substring(1) : reference);
	}

	private static List<Object> steps(NodePath location) {
		List<Object> steps = new ArrayList<>();
		for (int i = 0; i < location.getNameCount(); i++) {
			steps.add(location.getElement(i));
		}
		return steps;
	}

	private static JsonNode read() {
		try (InputStream in = PolicySchema.class.getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException(RESOURCE + " is missing from the class path");
			}
			return JsonMapper.builder().build().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
