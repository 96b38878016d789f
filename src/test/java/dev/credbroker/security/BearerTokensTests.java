package dev.credbroker.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link BearerTokens} reads every header as Spring Security's {@link DefaultBearerTokenResolver}
 * does with its defaults: the same token, the same absence, the same error.
 */
class BearerTokensTests {

	private static final String JWT = "eyJraWQiOiJrMSIsImFsZyI6IlJTMjU2In0.eyJzdWIiOiJzdmMtYSJ9.c2lnbmF0dXJlX2J5dGVz";

	private final DefaultBearerTokenResolver spring = new DefaultBearerTokenResolver();

	private final BearerTokens bearerTokens = new BearerTokens();

	@Test
	void readsTheTokenOfABearerHeaderInAnyCaseOfTheScheme() {
		assertThat(BearerTokens.token("Bearer " + JWT)).isEqualTo(JWT);
		assertThat(BearerTokens.token("bEARER " + JWT)).isEqualTo(JWT);
		assertThat(BearerTokens.token("Bearer abc+/_~.-Z09==")).isEqualTo("abc+/_~.-Z09==");
		assertThat(BearerTokens.token("Bearer azAZ09-._~+/")).isEqualTo("azAZ09-._~+/");
	}

	@Test
	void aHeaderOfAnotherSchemeOrNoneIsNoToken() {
		assertThat(BearerTokens.token(null)).isNull();
		assertThat(BearerTokens.token("Basic dXNlcjpwYXNz")).isNull();
		assertThat(BearerTokens.token("Beare")).isNull();
		assertThat(BearerTokens.token("")).isNull();
	}

	@Test
	void aBearerHeaderThatIsNotOneTokenIsMalformed() {
		for (String header : List.of("Bearer", "Bearer ", "Bearer  " + JWT, "Bearer " + JWT + " ", "Bearer\t" + JWT,
				"Bearer " + JWT + "\n", "Bearer =abc", "Bearer abc=d", "Bearer a,b", "Bearerx " + JWT,
				"Bearer " + JWT + "é", "Bearer ab\"c")) {
			assertThatExceptionOfType(OAuth2AuthenticationException.class).as(header)
				.isThrownBy(() -> BearerTokens.token(header))
				.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_token"));
		}
	}

	@Test
	void neverReadsAQueryOrFormParameter() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/me");
		request.setQueryString("access_token=" + JWT);
		request.addParameter("access_token", JWT);

		assertThat(this.bearerTokens.resolve(request)).isNull();
		assertThat(this.spring.resolve(request)).isNull();
	}

	@Test
	void agreesWithSpringSecurityOnEveryHeaderTried() {
		List<String> headers = new ArrayList<>(List.of("Bearer " + JWT, "bearer " + JWT, "BEARER x", "Bearer x=",
				"Bearer x==", "Bearer ==", "Bearer", "Bearer ", "Basic x", "Token " + JWT, "bearer\u00a0x",
				"Bearer x\r\n", "Bearer \u0130", "BearER a/b+c~d.e_f-g"));
		Random random = new Random(22);
		// Each range's ends and the characters just outside them, letters of "bearer" in both cases.
		String alphabet = "azAZ09`{@[/:-._~+= \t,;\"\\%\u00e9\u212a\u0131\u00c2rREeBbaA";
		for (int i = 0; i < 20_000; i++) {
			StringBuilder header = new StringBuilder(random.nextBoolean() ? "Bearer " : "");
			if (header.length() > 0 && random.nextInt(4) == 0) {
				header.setCharAt(random.nextInt(header.length()), alphabet.charAt(random.nextInt(alphabet.length())));
			}
			int length = random.nextInt(12);
			for (int j = 0; j < length; j++) {
				header.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			headers.add(header.toString());
		}
		for (String header : headers) {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/me");
			request.addHeader("Authorization", header);
			assertThat(read(this.bearerTokens, request)).as("header [%s]", header).isEqualTo(read(this.spring, request));
		}
	}

	/** The token, "none", or the error's code and description. */
	private static String read(BearerTokenResolver resolver, MockHttpServletRequest request) {
		try {
			String token = resolver.resolve(request);
			return (token != null) ? "token " + token : "none";
		}
		catch (OAuth2AuthenticationException ex) {
			return "error " + ex.getError().getErrorCode() + " " + ex.getError().getDescription();
		}
	}

}
