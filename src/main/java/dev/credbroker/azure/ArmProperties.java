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
 * @param responseTimeout time allowed for Resource Manager to answer one attempt
 * @param budget the broker's own budget of listKeys calls per subscription
 */
@ConfigurationProperties("broker.arm")
public record ArmProperties(@DefaultValue("https://management.azure.com") URI endpoint,
		@DefaultValue("https://management.azure.com/.default") String scope, @DefaultValue ApiVersions apiVersions,
		@DefaultValue("2s") Duration connectTimeout, @DefaultValue("10s") Duration responseTimeout,
		@DefaultValue Budget budget) {

	/**
	 * Azure counts listKeys as a write, about 10 a second per principal and subscription from a
	 * bucket of 200, shared by every replica. The broker keeps below it, so Azure never throttles.
	 *
	 * @param ratePerSecond permits refilled per second, per subscription
	 * @param burst the bucket's size
	 * @param maxWait how long a call may wait for a permit before it is refused with 503
	 */
	public record Budget(@DefaultValue("8") double ratePerSecond, @DefaultValue("150") int burst,
			@DefaultValue("500ms") Duration maxWait) {
	}

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
