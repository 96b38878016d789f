package dev.credbroker.azure;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * The body of Compute - List Keys ({@code ComputeSecrets}), discriminated by {@code computeType}.
 * One record holds the members of every secret-bearing type; which of them count depends on the
 * type. Holds secret values: {@link #toString()} redacts them.
 *
 * @param computeType {@code AKS}, {@code Databricks}, {@code VirtualMachine} or a type without
 * secrets
 * @param userKubeConfig AKS: the user kubeconfig
 * @param adminKubeConfig AKS: the admin kubeconfig
 * @param imagePullSecretName AKS: the image pull secret's name
 * @param databricksAccessToken Databricks: the access token
 * @param administratorAccount VirtualMachine: the administrator's credentials
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonSerialize(using = RefuseSerialization.class)
public record ComputeKeys(@Nullable String computeType, @Nullable String userKubeConfig,
		@Nullable String adminKubeConfig, @Nullable String imagePullSecretName,
		@Nullable String databricksAccessToken, @Nullable AdministratorAccount administratorAccount) {

	@Override
	public String toString() {
		return "ComputeKeys[computeType=" + this.computeType + ", redacted]";
	}

	/**
	 * {@code VirtualMachineSshCredentials}.
	 *
	 * @param username the administrator's user name
	 * @param password the administrator's password
	 * @param publicKeyData the SSH public key
	 * @param privateKeyData the SSH private key
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record AdministratorAccount(@Nullable String username, @Nullable String password,
			@Nullable String publicKeyData, @Nullable String privateKeyData) {

		@Override
		public String toString() {
			return "AdministratorAccount[redacted]";
		}

	}

}
