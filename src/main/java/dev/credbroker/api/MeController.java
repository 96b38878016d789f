package dev.credbroker.api;

import dev.credbroker.security.Caller;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller as the broker sees it, so that a service can check what its token says before it
 * asks for secrets.
 */
@RestController
class MeController {

	@GetMapping(path = "/api/v1/me", produces = MediaType.APPLICATION_JSON_VALUE)
	Caller me(@AuthenticationPrincipal Jwt jwt) {
		return Caller.from(jwt);
	}

}
