package dev.credbroker.secrets;

import org.springframework.context.ApplicationContext;

/**
 * Empties the secrets cache of a running broker between tests; the cache is the secrets package's
 * own, reached only through {@link SecretsService} in production code.
 */
public final class CacheReset {

	private CacheReset() {
	}

	public static void evictAll(ApplicationContext context) {
		context.getBean(SecretsCache.class).evictAll();
	}

}
