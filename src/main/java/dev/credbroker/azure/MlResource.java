package dev.credbroker.azure;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * An Azure Machine Learning workspace, or a compute within one, whose names have been checked
 * against Azure's rules; constructing one with a name that breaks them fails.
 *
 * @param subscriptionId the subscription, a GUID
 * @param resourceGroup the resource group
 * @param workspace the workspace
 * @param compute the compute, or {@code null} for the workspace itself
 */
public record MlResource(String subscriptionId, String resourceGroup, String workspace, @Nullable String compute) {

	private static final Pattern RESOURCE_ID = Pattern.compile("/subscriptions/([^/]+)/resourceGroups/([^/]+)"
			+ "/providers/Microsoft\\.MachineLearningServices/workspaces/([^/]+)(?:/computes/([^/]+))?",
			Pattern.CASE_INSENSITIVE);

	public MlResource {
		// The API validates its path parameters here and only here, so every broken one is reported.
		List<InvalidResourceNameException.Violation> violations = new ArrayList<>(0);
		check("subscriptionId", subscriptionId, AzureNames::isSubscriptionId, AzureNames.SUBSCRIPTION_ID, violations);
		check("resourceGroupName", resourceGroup, AzureNames::isResourceGroup, AzureNames.RESOURCE_GROUP, violations);
		check("workspaceName", workspace, AzureNames::isWorkspace, AzureNames.WORKSPACE, violations);
		if (compute != null) {
			check("computeName", compute, AzureNames::isCompute, AzureNames.COMPUTE, violations);
		}
		if (!violations.isEmpty()) {
			throw new InvalidResourceNameException(violations);
		}
	}

	public static MlResource workspace(String subscriptionId, String resourceGroup, String workspace) {
		return new MlResource(subscriptionId, resourceGroup, workspace, null);
	}

	public static MlResource compute(String subscriptionId, String resourceGroup, String workspace, String compute) {
		return new MlResource(subscriptionId, resourceGroup, workspace, compute);
	}

	/**
	 * Parses an ARM resource id of a workspace or a compute, with Azure's naming rules. Segment
	 * keywords and the provider are case-insensitive, as in ARM; nothing is decoded.
	 * @param resourceId the id
	 * @return the resource
	 * @throws InvalidResourceNameException if it is not such an id
	 */
	public static MlResource parse(String resourceId) {
		Matcher matcher = RESOURCE_ID.matcher(resourceId);
		if (!matcher.matches()) {
			throw new InvalidResourceNameException(List.of(new InvalidResourceNameException.Violation("resourceId",
					"/subscriptions/{id}/resourceGroups/{name}/providers/Microsoft.MachineLearningServices/workspaces/{name}[/computes/{name}]")));
		}
		return new MlResource(matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4));
	}

	public boolean isCompute() {
		return this.compute != null;
	}

	/**
	 * The ARM resource id, spelt as the caller spelt it.
	 * @return the resource id
	 */
	public String id() {
		String workspaceId = "/subscriptions/" + this.subscriptionId + "/resourceGroups/" + this.resourceGroup
				+ "/providers/Microsoft.MachineLearningServices/workspaces/" + this.workspace;
		return (this.compute != null) ? workspaceId + "/computes/" + this.compute : workspaceId;
	}

	private static void check(String parameter, @Nullable String value, Predicate<String> rule, String published,
			List<InvalidResourceNameException.Violation> violations) {
		if (value == null || !rule.test(value)) {
			violations.add(new InvalidResourceNameException.Violation(parameter, published));
		}
	}

}
