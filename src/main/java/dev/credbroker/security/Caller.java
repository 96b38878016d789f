package dev.credbroker.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The caller as the broker sees it, read from its validated token. Never the token itself.
 *
 * @param subject the {@code sub} claim
 * @param issuer the {@code iss} claim
 * @param clientId the {@code azp} claim, or Entra ID's {@code appid} for v1 tokens
 * @param tenantId the {@code tid} claim
 * @param roles the {@code roles} claim
 * @param groups the {@code groups} claim
 */
public record Caller(String subject, String issuer, @Nullable String clientId, @Nullable String tenantId,
		List<String> roles, List<String> groups) {

	/**
	 * The caller a validated token describes.
	 * @param jwt the token
	 * @return the caller
	 */
	public static Caller from(Jwt jwt) {
		String clientId = (jwt.hasClaim("azp")) ? jwt.getClaimAsString("azp") : jwt.getClaimAsString("appid");
		return new Caller(String.valueOf(jwt.getSubject()), String.valueOf(jwt.getClaimAsString("iss")), clientId,
				jwt.getClaimAsString("tid"), strings(jwt.getClaim("roles")), strings(jwt.getClaim("groups")));
	}

	/** A claim that is a string or an array of strings; any other shape counts as absent. */
	static List<String> strings(@Nullable Object claim) {
		if (claim instanceof String value) {
			return List.of(value);
		}
		if (claim instanceof Collection<?> values) {
			List<String> strings = new ArrayList<>(values.size());
			for (Object value : values) {
				if (value instanceof String string) {
					strings.add(string);
				}
			}
			return Collections.unmodifiableList(strings);
		}
		return List.of();
	}

}
