package dev.credbroker.azure;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the broker reaches Azure Resource Manager.
 *
 * @param endpoint base URL of Resource Manager; override it for a sovereign cloud or a stand-in
 * @param scope OAuth scope of the managed-identity token presented to Resource Manager
 * @param apiVersions API versions of the two listKeys operations
 * @param connectTimeout time allowed to open a connection to Resource Manager
 * @param responseTimeout time allowed for Resource Manager to answer one call
 */
@ConfigurationProperties("broker.arm")
public record ArmProperties(@DefaultValue("https://management.azure.com") URI endpoint,
		@DefaultValue("https://management.azure.com/.default") String scope, @DefaultValue ApiVersions apiVersions,
		@DefaultValue("2s") Duration connectTimeout, @DefaultValue("10s") Duration responseTimeout) {

	/**
	 * API versions, kept configurable because Azure ships new ones often.
	 *
	 * @param workspaces API version of Workspaces - List Keys
	 * @param computes API version of Compute - List Keys
	 */
	public record ApiVersions(@DefaultValue("2024-10-01") String workspaces,
			@DefaultValue("2025-09-01") String computes) {
	}

}
