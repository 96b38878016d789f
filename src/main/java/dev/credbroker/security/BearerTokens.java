package dev.credbroker.security;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * The bearer token of a request, read as Spring Security's {@link DefaultBearerTokenResolver} reads
 * it with its defaults: from the {@code Authorization} header only, never from a query or form
 * parameter; {@code Bearer} in any case of ASCII letters, one space, then RFC 6750's
 * {@code b64token} ({@code [A-Za-z0-9-._~+/]+=*}) and nothing else. A header of another scheme is no
 * token (the request is anonymous); a {@code Bearer} header that is not that shape is a malformed
 * token. BearerTokensTests checks that both agree on every input they try.
 * <p>
 * Why not Spring's: it matches the whole header against a case-insensitive regular expression,
 * which walks a JWT of a kilobyte code point by code point; that was 11% of the broker's CPU on a
 * cache hit (the lead's JFR profile of bench/run's phase 2, 2026-12-01). This is one pass over the
 * characters, with no allocation but the token itself.
 */
final class BearerTokens implements BearerTokenResolver {

	private static final String SCHEME = "bearer";

	@Override
	public @Nullable String resolve(HttpServletRequest request) {
		return token(request.getHeader(HttpHeaders.AUTHORIZATION));
	}

	/**
	 * @param authorization the {@code Authorization} header, or {@code null} when there is none
	 * @return the token, or {@code null} when the header is absent or of another scheme
	 * @throws OAuth2AuthenticationException {@code invalid_token}, when a {@code Bearer} header does
	 * not hold one token
	 */
	static @Nullable String token(@Nullable String authorization) {
		if (authorization == null || !startsWithScheme(authorization)) {
			return null;
		}
		if (authorization.length() == SCHEME.length() || authorization.charAt(SCHEME.length()) != ' ') {
			throw malformed();
		}
		int start = SCHEME.length() + 1;
		int end = authorization.length();
		int index = start;
		while (index < end && isTokenCharacter(authorization.charAt(index))) {
			index++;
		}
		if (index == start) {
			throw malformed();
		}
		while (index < end && authorization.charAt(index) == '=') {
			index++;
		}
		if (index != end) {
			throw malformed();
		}
		return authorization.substring(start);
	}

	/** {@code bearer} in any case of the ASCII letters, as Spring's {@code startsWithIgnoreCase}. */
	private static boolean startsWithScheme(String authorization) {
		if (authorization.length() < SCHEME.length()) {
			return false;
		}
		for (int index = 0; index < SCHEME.length(); index++) {
			// Setting bit 5 lower-cases an ASCII letter; no other character becomes one of "bearer".
			if ((authorization.charAt(index) | 0x20) != SCHEME.charAt(index)) {
				return false;
			}
		}
		return true;
	}

	private static boolean isTokenCharacter(char character) {
		return (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z')
				|| (character >= '0' && character <= '9') || character == '-' || character == '.' || character == '_'
				|| character == '~' || character == '+' || character == '/';
	}

	private static OAuth2AuthenticationException malformed() {
		return new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
	}

}
