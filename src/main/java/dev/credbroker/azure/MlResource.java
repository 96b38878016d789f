package dev.credbroker.azure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * An Azure Machine Learning workspace, or a resource within one, whose names have been checked
 * against Azure's rules; constructing one with a name that breaks them fails, naming every broken
 * one.
 */
public final class MlResource {

	private static final String PROVIDER = "providers/Microsoft.MachineLearningServices";

	private static final List<Segment> WORKSPACE_PATH = List.of(Segment.SUBSCRIPTION, Segment.RESOURCE_GROUP,
			Segment.WORKSPACE);

	private final Map<Segment, String> names;

	private MlResource(Map<Segment, String> names) {
		this.names = Collections.unmodifiableMap(names);
	}

	/**
	 * A resource whose path has the given segments, named by a function of each segment.
	 * @param path the segments, a workspace's three first
	 * @param names each segment's name, {@code null} when missing
	 * @return the resource
	 * @throws InvalidResourceNameException naming every segment whose name breaks Azure's rule
	 */
	public static MlResource of(List<Segment> path, Function<Segment, @Nullable String> names) {
		if (!path.subList(0, Math.min(3, path.size())).equals(WORKSPACE_PATH)) {
			throw new IllegalArgumentException("Not below a workspace: " + path);
		}
		// The API validates its path parameters here and only here, so every broken one is reported.
		Map<Segment, String> checked = new EnumMap<>(Segment.class);
		List<InvalidResourceNameException.Violation> violations = new ArrayList<>(0);
		for (Segment segment : path) {
			String name = names.apply(segment);
			if (segment.accepts(name)) {
				checked.put(segment, name);
			}
			else {
				violations.add(new InvalidResourceNameException.Violation(segment.parameter(), segment.rule()));
			}
		}
		if (!violations.isEmpty()) {
			throw new InvalidResourceNameException(violations);
		}
		return new MlResource(checked);
	}

	public static MlResource workspace(String subscriptionId, String resourceGroup, String workspace) {
		return of(WORKSPACE_PATH, Map.of(Segment.SUBSCRIPTION, subscriptionId, Segment.RESOURCE_GROUP, resourceGroup,
				Segment.WORKSPACE, workspace)::get);
	}

	public static MlResource compute(String subscriptionId, String resourceGroup, String workspace, String compute) {
		Map<Segment, String> names = new EnumMap<>(Segment.class);
		names.put(Segment.SUBSCRIPTION, subscriptionId);
		names.put(Segment.RESOURCE_GROUP, resourceGroup);
		names.put(Segment.WORKSPACE, workspace);
		names.put(Segment.COMPUTE, compute);
		return of(List.of(Segment.SUBSCRIPTION, Segment.RESOURCE_GROUP, Segment.WORKSPACE, Segment.COMPUTE),
				names::get);
	}

	/**
	 * Parses the ARM resource id of a workspace or of a resource the broker serves within one, with
	 * Azure's naming rules. Keywords and the provider are case-insensitive, as in ARM; nothing is
	 * decoded. Read by splitting on {@code /}, in one pass.
	 * @param resourceId the id
	 * @return the resource
	 * @throws InvalidResourceNameException if it is not such an id, naming {@code resourceId}
	 */
	public static MlResource parse(String resourceId) {
		String[] parts = resourceId.split("/", -1);
		// "", subscriptions, s, resourceGroups, rg, providers, Microsoft.MachineLearningServices,
		// workspaces, ws, then at most one keyword and name: every resource the broker serves is a
		// workspace or lies right below one.
		if ((parts.length != 9 && parts.length != 11) || !parts[0].isEmpty()
				|| !parts[1].equalsIgnoreCase(Segment.SUBSCRIPTION.keyword())
				|| !parts[3].equalsIgnoreCase(Segment.RESOURCE_GROUP.keyword())
				|| !(parts[5] + "/" + parts[6]).equalsIgnoreCase(PROVIDER)
				|| !parts[7].equalsIgnoreCase(Segment.WORKSPACE.keyword())) {
			throw notAnId();
		}
		Map<Segment, String> names = new EnumMap<>(Segment.class);
		List<Segment> path = new ArrayList<>(WORKSPACE_PATH);
		names.put(Segment.SUBSCRIPTION, parts[2]);
		names.put(Segment.RESOURCE_GROUP, parts[4]);
		names.put(Segment.WORKSPACE, parts[8]);
		if (parts.length == 11) {
			Segment segment = Segment.belowWorkspace(parts[9]);
			if (segment == null) {
				throw notAnId();
			}
			path.add(segment);
			names.put(segment, parts[10]);
		}
		return of(path, names::get);
	}

	/** What an id must look like, for error bodies. */
	private static final String ID_SHAPE = "/subscriptions/{id}/resourceGroups/{name}/" + PROVIDER
			+ "/workspaces/{name}[/{" + String.join("|", Segment.keywordsBelowWorkspace()) + "}/{name}]";

	private static InvalidResourceNameException notAnId() {
		return new InvalidResourceNameException(
				List.of(new InvalidResourceNameException.Violation("resourceId", ID_SHAPE)));
	}

	/**
	 * The segments of the resource's path, in order.
	 * @return the segments, a workspace's three first
	 */
	public List<Segment> path() {
		return List.copyOf(this.names.keySet());
	}

	/**
	 * The name of one segment.
	 * @param segment the segment
	 * @return its name, or {@code null} when the path has no such segment
	 */
	public @Nullable String name(Segment segment) {
		return this.names.get(segment);
	}

	public String subscriptionId() {
		return this.names.get(Segment.SUBSCRIPTION);
	}

	public String resourceGroup() {
		return this.names.get(Segment.RESOURCE_GROUP);
	}

	public String workspace() {
		return this.names.get(Segment.WORKSPACE);
	}

	/**
	 * The names by API path parameter, for building the ARM URI from a template.
	 * @return the names, in path order
	 */
	Map<String, String> byParameter() {
		Map<String, String> byParameter = new LinkedHashMap<>();
		this.names.forEach((segment, name) -> byParameter.put(segment.parameter(), name));
		return byParameter;
	}

	/**
	 * The ARM resource id, spelt as the caller spelt it.
	 * @return the resource id
	 */
	public String id() {
		StringBuilder id = new StringBuilder(160);
		this.names.forEach((segment, name) -> {
			id.append('/').append(segment.keyword()).append('/').append(name);
			if (segment == Segment.RESOURCE_GROUP) {
				id.append('/').append(PROVIDER);
			}
		});
		return id.toString();
	}

	/**
	 * The template of the resource's ARM path, each name a URI template variable.
	 * @return such as {@code /subscriptions/{subscriptionId}/.../computes/{computeName}}
	 */
	static String template(List<Segment> path) {
		StringBuilder template = new StringBuilder(160);
		for (Segment segment : path) {
			template.append('/').append(segment.keyword()).append("/{").append(segment.parameter()).append('}');
			if (segment == Segment.RESOURCE_GROUP) {
				template.append('/').append(PROVIDER);
			}
		}
		return template.toString();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof MlResource resource && resource.names.equals(this.names);
	}

	@Override
	public int hashCode() {
		return this.names.hashCode();
	}

	@Override
	public String toString() {
		return id();
	}

}
