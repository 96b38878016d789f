package dev.credbroker.secrets;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How redacted values are fingerprinted.
 *
 * @param fingerprintKey the HMAC-SHA256 key of fingerprints, at least 32 bytes; from the
 * environment or a mounted file. When unset, a random key is made at start, and fingerprints change
 * with every restart and differ between replicas.
 */
@ConfigurationProperties("broker.redaction")
public record RedactionProperties(@Nullable String fingerprintKey) {

	@Override
	public String toString() {
		return "RedactionProperties[fingerprintKey=" + ((this.fingerprintKey != null) ? "[redacted]" : "unset") + "]";
	}

}
