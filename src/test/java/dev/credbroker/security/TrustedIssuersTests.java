package dev.credbroker.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

class TrustedIssuersTests {

	private static final String ISSUER = "https://issuer.example/trusted";

	private final TrustedIssuers trustedIssuers = new TrustedIssuers(List.of(ISSUER),
			new BrokerSecurityProperties(List.of(ISSUER), List.of("api://broker", "api://broker-2"),
					Duration.ofSeconds(60), Duration.ofSeconds(30), BrokerSecurityProperties.TokenCache.DEFAULTS), null);

	private final OAuth2TokenValidator<Jwt> validator = this.trustedIssuers.validator(ISSUER);

	@Test
	void untrustedIssuersResolveToNothing() {
		assertThat(this.trustedIssuers.resolve("https://issuer.example/other")).isNull();
		assertThat(this.trustedIssuers.resolve(ISSUER + "/")).isNull();
	}

	@Test
	void acceptsAValidToken() {
		assertThat(this.validator.validate(jwt().build()).hasErrors()).isFalse();
	}

	@Test
	void anyConfiguredAudienceWillDo() {
		assertThat(this.validator.validate(jwt().audience(List.of("api://other", "api://broker-2")).build()).hasErrors())
			.isFalse();
	}

	@Test
	void requiresAnExpiry() {
		assertThat(this.validator.validate(jwt().claims((claims) -> claims.remove("exp")).build()).hasErrors())
			.isTrue();
	}

	@Test
	void toleratesSixtySecondsOfClockSkewAndNoMore() {
		assertThat(this.validator.validate(jwt().expiresAt(Instant.now().minusSeconds(30)).build()).hasErrors())
			.isFalse();
		assertThat(this.validator.validate(jwt().expiresAt(Instant.now().minusSeconds(90)).build()).hasErrors())
			.isTrue();
		assertThat(this.validator.validate(jwt().notBefore(Instant.now().plusSeconds(90)).build()).hasErrors())
			.isTrue();
	}

	@Test
	void rejectsOtherAudiencesAndMissingAudience() {
		assertThat(this.validator.validate(jwt().audience(List.of("api://other")).build()).hasErrors()).isTrue();
		assertThat(this.validator.validate(jwt().claims((claims) -> claims.remove("aud")).build()).hasErrors())
			.isTrue();
	}

	@Test
	void rejectsAnotherIssuer() {
		assertThat(this.validator.validate(jwt().issuer("https://issuer.example/other").build()).hasErrors()).isTrue();
	}

	private static Jwt.Builder jwt() {
		return Jwt.withTokenValue("token")
			.header("alg", "RS256")
			.issuer(ISSUER)
			.subject("svc")
			.audience(List.of("api://broker"))
			.issuedAt(Instant.now().minusSeconds(600))
			.expiresAt(Instant.now().plusSeconds(300));
	}

}
