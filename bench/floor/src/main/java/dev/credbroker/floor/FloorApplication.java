package dev.credbroker.floor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * One endpoint behind a bearer JWT, validated by Spring Security's resource server as Boot sets it
 * up from {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} and {@code audiences}: the
 * signature against the issuer's JWK Set, the issuer, the audience and the token's times, on every
 * request. It answers a fixed JSON object of 1 KiB, about the size of the broker's cache-hit answer.
 */
@SpringBootApplication
@RestController
public class FloorApplication {

	/** 1024 bytes of JSON. */
	static final String BODY = body();

	public static void main(String[] args) {
		SpringApplication.run(FloorApplication.class, args);
	}

	@GetMapping(path = "/floor", produces = MediaType.APPLICATION_JSON_VALUE)
	String floor() {
		return BODY;
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt((jwt) -> {
			}))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable());
		return http.build();
	}

	private static String body() {
		String open = "{\"kind\":\"floor\",\"padding\":\"";
		String close = "\"}";
		return open + "x".repeat(1024 - open.length() - close.length()) + close;
	}

}
