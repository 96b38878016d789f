package dev.credbroker.azure;

import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * One read-only ARM action on an Azure Machine Learning resource that returns its secrets, such
 * as Compute - List Keys.
 *
 * @param name the operation as metrics, logs and audit records name it, such as
 * {@code compute.listKeys}
 * @param path the segments of the resource's path
 * @param action the action's last path segment, spelt as Azure's specification spells it, such as
 * {@code listKeys} or {@code listsecrets}
 * @param permission the RBAC action the broker's identity needs for it, spelt as Azure's
 * permissions reference spells it, such as
 * {@code Microsoft.MachineLearningServices/workspaces/computes/listKeys/action}
 * @param apiVersion the API version, from the configured versions
 * @param payload the type of Azure's answer
 * @param body the request's JSON body for the configured properties; {@code null} for none
 * @param <T> the payload's type
 */
public record ArmOperation<T>(String name, List<Segment> path, String action, String permission,
		Function<ArmProperties.ApiVersions, String> apiVersion, Class<T> payload,
		Function<ArmProperties, @Nullable Object> body) {

	public ArmOperation {
		path = List.copyOf(path);
	}

	/**
	 * An operation whose request has no body.
	 * @param name the operation's name
	 * @param path the segments of the resource's path
	 * @param action the action's last path segment
	 * @param permission the RBAC action
	 * @param apiVersion the API version
	 * @param payload the type of Azure's answer
	 */
	public ArmOperation(String name, List<Segment> path, String action, String permission,
			Function<ArmProperties.ApiVersions, String> apiVersion, Class<T> payload) {
		this(name, path, action, permission, apiVersion, payload, (properties) -> null);
	}

	/**
	 * The template of the URI path the operation posts to.
	 * @return the path, each name a URI template variable
	 */
	String uriTemplate() {
		return MlResource.template(this.path) + "/" + this.action;
	}

}
