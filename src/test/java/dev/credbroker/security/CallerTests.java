package dev.credbroker.security;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

class CallerTests {

	@Test
	void entraV1TokensNameTheClientInAppid() {
		Caller caller = Caller.from(jwt(Map.of("appid", "client-beta")));

		assertThat(caller.clientId()).isEqualTo("client-beta");
	}

	@Test
	void azpWinsOverAppid() {
		assertThat(Caller.from(jwt(Map.of("appid", "v1", "azp", "v2"))).clientId()).isEqualTo("v2");
	}

	@Test
	void rolesAndGroupsMayBeAStringOrAnArray() {
		Caller caller = Caller.from(jwt(Map.of("roles", "only-role", "groups", List.of("g1", "g2"))));

		assertThat(caller.roles()).containsExactly("only-role");
		assertThat(caller.groups()).containsExactly("g1", "g2");
	}

	@Test
	void claimsOfTheWrongTypeCountAsAbsent() {
		Caller caller = Caller.from(jwt(Map.of("roles", 42, "groups", List.of(1, "g1", Map.of("x", "y")))));

		assertThat(caller.roles()).isEmpty();
		assertThat(caller.groups()).containsExactly("g1");
		assertThat(caller.clientId()).isNull();
		assertThat(caller.tenantId()).isNull();
	}

	private static Jwt jwt(Map<String, Object> claims) {
		Jwt.Builder builder = Jwt.withTokenValue("token")
			.header("alg", "RS256")
			.subject("svc")
			.claim("iss", "https://issuer.example")
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60));
		claims.forEach(builder::claim);
		return builder.build();
	}

}
