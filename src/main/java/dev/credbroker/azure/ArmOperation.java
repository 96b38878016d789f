package dev.credbroker.azure;

import java.util.List;
import java.util.function.Function;

/**
 * One read-only ARM action on an Azure Machine Learning resource that returns its secrets, such
 * as Compute - List Keys.
 *
 * @param name the operation as metrics, logs and audit records name it, such as
 * {@code compute.listKeys}
 * @param path the segments of the resource's path
 * @param action the action's last path segment, such as {@code listKeys}
 * @param apiVersion the API version, from the configured versions
 * @param payload the type of Azure's answer
 * @param <T> the payload's type
 */
public record ArmOperation<T>(String name, List<Segment> path, String action,
		Function<ArmProperties.ApiVersions, String> apiVersion, Class<T> payload) {

	public ArmOperation {
		path = List.copyOf(path);
	}

	/**
	 * The template of the URI path the operation posts to.
	 * @return the path, each name a URI template variable
	 */
	String uriTemplate() {
		return MlResource.template(this.path) + "/" + this.action;
	}

}
