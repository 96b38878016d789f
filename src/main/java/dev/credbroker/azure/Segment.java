package dev.credbroker.azure;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * One named segment of an Azure Machine Learning resource's path, with Azure's naming rule for its
 * name. The API's path parameter, the keyword of the ARM resource id and the rule are said here
 * once: routes, validation, the OpenAPI document and the ARM call all read them from here.
 */
public enum Segment {

	SUBSCRIPTION("subscriptionId", "subscriptions", AzureNames.SUBSCRIPTION_ID, AzureNames::isSubscriptionId,
			"The Azure subscription, a GUID"),

	RESOURCE_GROUP("resourceGroupName", "resourceGroups", AzureNames.RESOURCE_GROUP, AzureNames::isResourceGroup,
			"The resource group"),

	WORKSPACE("workspaceName", "workspaces", AzureNames.WORKSPACE, AzureNames::isWorkspace,
			"The Azure Machine Learning workspace"),

	COMPUTE("computeName", "computes", AzureNames.COMPUTE, AzureNames::isCompute, "The compute in the workspace"),

	ONLINE_ENDPOINT("endpointName", "onlineEndpoints", AzureNames.ONLINE_ENDPOINT, AzureNames::isOnlineEndpoint,
			"The online endpoint in the workspace"),

	BATCH_ENDPOINT("endpointName", "batchEndpoints", AzureNames.ASSET, AzureNames::isAsset,
			"The batch endpoint in the workspace"),

	SERVERLESS_ENDPOINT("endpointName", "serverlessEndpoints", AzureNames.ASSET, AzureNames::isAsset,
			"The serverless endpoint in the workspace"),

	CONNECTION("connectionName", "connections", AzureNames.CONNECTION, AzureNames::isConnection,
			"The workspace connection"),

	DATASTORE("datastoreName", "datastores", AzureNames.ASSET, AzureNames::isAsset, "The datastore in the workspace");

	private final String parameter;

	private final String keyword;

	private final String rule;

	private final Predicate<String> check;

	private final String description;

	Segment(String parameter, String keyword, String rule, Predicate<String> check, String description) {
		this.parameter = parameter;
		this.keyword = keyword;
		this.rule = rule;
		this.check = check;
		this.description = description;
	}

	/**
	 * The name of the API's path parameter, such as {@code computeName}.
	 * @return the parameter
	 */
	public String parameter() {
		return this.parameter;
	}

	/**
	 * The keyword before the name in ARM ids and in the API's paths, such as {@code computes}.
	 * @return the keyword
	 */
	public String keyword() {
		return this.keyword;
	}

	/**
	 * Azure's published rule, as a regular expression for documents and error bodies.
	 * @return the expression
	 */
	public String rule() {
		return this.rule;
	}

	/**
	 * What the name is, for the OpenAPI document.
	 * @return a sentence
	 */
	public String description() {
		return this.description;
	}

	/**
	 * Whether a name follows the rule; checked without a regular expression.
	 * @param name the name
	 * @return whether Azure could have given it
	 */
	public boolean accepts(@Nullable String name) {
		return name != null && this.check.test(name);
	}

	/**
	 * The keywords of the segments below a workspace, in declaration order.
	 * @return such as {@code computes}
	 */
	static List<String> keywordsBelowWorkspace() {
		List<String> keywords = new ArrayList<>();
		for (Segment segment : values()) {
			if (segment.ordinal() > WORKSPACE.ordinal()) {
				keywords.add(segment.keyword);
			}
		}
		return keywords;
	}

	/**
	 * The segment below a workspace that an ARM id names by a keyword.
	 * @param keyword the keyword, in any case, as in ARM
	 * @return the segment, or {@code null} if no resource the broker serves has it
	 */
	static @Nullable Segment belowWorkspace(String keyword) {
		for (Segment segment : values()) {
			if (segment.ordinal() > WORKSPACE.ordinal() && segment.keyword.equalsIgnoreCase(keyword)) {
				return segment;
			}
		}
		return null;
	}

}
