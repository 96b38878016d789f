package dev.credbroker.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Answers a request without a valid token with an RFC 6750 challenge, and leaves the Problem
 * Details body to the API's error mapping. The challenge never echoes anything about the token.
 */
final class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

	static final String REALM = "credential-broker";

	private final HandlerExceptionResolver exceptionResolver;

	ProblemAuthenticationEntryPoint(HandlerExceptionResolver exceptionResolver) {
		this.exceptionResolver = exceptionResolver;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge(exception));
		this.exceptionResolver.resolveException(request, response, null, exception);
	}

	/**
	 * RFC 6750 §3: a request that carried no token gets a bare challenge; one whose token failed
	 * gets {@code invalid_token} (or {@code invalid_request} when the header was malformed).
	 */
	private static String challenge(AuthenticationException exception) {
		if (!(exception instanceof OAuth2AuthenticationException oauth2)) {
			return "Bearer realm=\"" + REALM + "\"";
		}
		String error = "invalid_request".equals(oauth2.getError().getErrorCode()) ? "invalid_request"
				: "invalid_token";
		return "Bearer realm=\"" + REALM + "\", error=\"" + error
				+ "\", error_description=\"The access token is missing, malformed, expired or not trusted\"";
	}

}
