package dev.credbroker.azure;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * The body of Workspaces - List Keys ({@code ListWorkspaceKeysResult}). Every member may be null or
 * absent; unknown members are ignored. Holds secret values: {@link #toString()} redacts them.
 *
 * @param userStorageKey key of the workspace's storage account
 * @param userStorageResourceId ARM id of that storage account ({@code userStorageArmId} in newer
 * API versions)
 * @param appInsightsInstrumentationKey Application Insights instrumentation key
 * @param containerRegistryCredentials credentials of the workspace's container registry
 * @param notebookAccessKeys access keys of the workspace's notebooks
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonSerialize(using = RefuseSerialization.class)
public record WorkspaceKeys(@Nullable String userStorageKey,
		@JsonAlias("userStorageArmId") @Nullable String userStorageResourceId,
		@Nullable String appInsightsInstrumentationKey, @Nullable RegistryCredentials containerRegistryCredentials,
		@Nullable NotebookKeys notebookAccessKeys) {

	@Override
	public String toString() {
		return "WorkspaceKeys[redacted]";
	}

	/**
	 * {@code RegistryListCredentialsResult}.
	 *
	 * @param location registry location
	 * @param username registry user name
	 * @param passwords registry passwords, by name
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record RegistryCredentials(@Nullable String location, @Nullable String username,
			@Nullable List<@Nullable Password> passwords) {

		@Override
		public String toString() {
			return "RegistryCredentials[redacted]";
		}

	}

	/**
	 * One registry password.
	 *
	 * @param name its name, such as {@code password} or {@code password2}
	 * @param value the password
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Password(@Nullable String name, @Nullable String value) {

		@Override
		public String toString() {
			return "Password[name=" + this.name + ", value=redacted]";
		}

	}

	/**
	 * {@code ListNotebookKeysResult}.
	 *
	 * @param primaryAccessKey primary key
	 * @param secondaryAccessKey secondary key
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record NotebookKeys(@Nullable String primaryAccessKey, @Nullable String secondaryAccessKey) {

		@Override
		public String toString() {
			return "NotebookKeys[redacted]";
		}

	}

}
