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
 * @param apiVersions API versions of the operations, by the resource they act on
 * @param connectTimeout time allowed to open a connection to Resource Manager
 * @param responseTimeout time allowed for Resource Manager to answer one attempt
 * @param budget the broker's own budget of listKeys calls per subscription
 * @param datastores how datastores' secrets are asked for
 */
@ConfigurationProperties("broker.arm")
public record ArmProperties(@DefaultValue("https://management.azure.com") URI endpoint,
		@DefaultValue("https://management.azure.com/.default") String scope, @DefaultValue ApiVersions apiVersions,
		@DefaultValue("2s") Duration connectTimeout, @DefaultValue("10s") Duration responseTimeout,
		@DefaultValue Budget budget, @DefaultValue Datastores datastores) {

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
	 * API versions, kept configurable because Azure ships new ones often. The newer operations
	 * default to 2025-09-01, the newest the Azure SDKs default to; datastores to 2026-09-01, the
	 * first with expiring secrets.
	 *
	 * @param workspaces API version of Workspaces - List Keys
	 * @param computes API version of Compute - List Keys
	 * @param onlineEndpoints API version of Online Endpoints - List Keys and - Get Token
	 * @param batchEndpoints API version of Batch Endpoints - List Keys
	 * @param serverlessEndpoints API version of Serverless Endpoints - List Keys
	 * @param connections API version of Workspace Connections - List Secrets
	 * @param datastores API version of Datastores - List Secrets
	 */
	public record ApiVersions(@DefaultValue("2024-10-01") String workspaces,
			@DefaultValue("2025-09-01") String computes, @DefaultValue("2025-09-01") String onlineEndpoints,
			@DefaultValue("2025-09-01") String batchEndpoints, @DefaultValue("2025-09-01") String serverlessEndpoints,
			@DefaultValue("2025-09-01") String connections, @DefaultValue("2026-09-01") String datastores) {
	}

	/**
	 * Datastores - List Secrets.
	 *
	 * @param expireAfterHours how long the secret Azure hands out lives, in hours (at least 1), when
	 * the configured API version can ask for an expiring one (2026-09-01 and later); the broker
	 * serves it no longer than that, less 5 minutes
	 */
	public record Datastores(@DefaultValue("1") int expireAfterHours) {

		public Datastores {
			if (expireAfterHours < 1) {
				throw new IllegalArgumentException(
						"broker.arm.datastores.expire-after-hours must be at least 1, not " + expireAfterHours);
			}
		}

	}

}
