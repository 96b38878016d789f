package dev.credbroker.support;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import tools.jackson.databind.json.JsonMapper;

/**
 * Made-up AKS kubeconfigs of a realistic size: AKS returns whole kubeconfig files from Compute -
 * List Keys, certificates and keys base64-encoded inline, which makes them the largest secrets the
 * broker handles. Deterministic, so that benchmarks compare like with like; nothing in them is real.
 */
public final class Kubeconfigs {

	private Kubeconfigs() {
	}

	/**
	 * A kubeconfig of about the given size, in the shape {@code az aks get-credentials} writes.
	 * @param user the user's name in it
	 * @param approximateBytes its size, within a few hundred bytes
	 * @return the kubeconfig's text
	 */
	public static String of(String user, int approximateBytes) {
		Random random = new Random(user.hashCode());
		String head = """
				apiVersion: v1
				clusters:
				- cluster:
				    certificate-authority-data: %s
				    server: https://aks-bench-dns-0a1b2c3d.hcp.westeurope.azmk8s.io:443
				  name: aks-bench
				contexts:
				- context:
				    cluster: aks-bench
				    user: %s
				  name: aks-bench
				current-context: aks-bench
				kind: Config
				preferences: {}
				users:
				- name: %s
				  user:
				    client-certificate-data: %s
				    client-key-data: %s
				    token: %s
				""";
		int fixed = head.length() + 3 * user.length();
		int blobs = Math.max(64, (approximateBytes - fixed) / 4);
		return head.formatted(blob(random, blobs), user, user, blob(random, blobs), blob(random, blobs),
				blob(random, blobs));
	}

	/**
	 * The body of Compute - List Keys for an AKS compute with kubeconfigs of about the given size.
	 * @param approximateBytes the size of each kubeconfig
	 * @return the JSON body
	 */
	public static String aksListKeys(int approximateBytes) {
		Map<String, String> body = new LinkedHashMap<>();
		body.put("computeType", "AKS");
		body.put("userKubeConfig", of("clusterUser_rg-bench_aks-bench", approximateBytes));
		body.put("adminKubeConfig", of("clusterAdmin_rg-bench_aks-bench", approximateBytes));
		body.put("imagePullSecretName", "aks-bench-image-pull-secret");
		return JsonMapper.builder().build().writeValueAsString(body);
	}

	/** Base64 of random bytes, {@code length} characters long. */
	private static String blob(Random random, int length) {
		byte[] bytes = new byte[length * 3 / 4];
		random.nextBytes(bytes);
		return Base64.getEncoder().encodeToString(bytes);
	}

}
