package dev.credbroker.security;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Reading the bearer token of a request through the firewall, as every API request does: Spring
 * Security's defaults (its firewall's header-value pattern, then its resolver's bearer pattern)
 * against the broker's loops ({@link HeaderValues}, {@link BearerTokens}), on a token of the size
 * bench/run's issuer signs (an RS256 JWT of about 900 characters).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BearerTokenBenchmark {

	private static final String TOKEN = "eyJraWQiOiJiZW5jaCIsInR5cCI6IkpXVCIsImFsZyI6IlJTMjU2In0."
			+ "eyJzdWIiOiJiZW5jaC1jbGllbnQiLCJhdWQiOiJhcGk6Ly9jcmVkZW50aWFsLWJyb2tlciIsIm5iZiI6MTc2NDYzMDAw"
				.repeat(4)
			+ "." + "c2lnbmF0dXJlLWJ5dGVzLW9mLWFuLVJTMjU2LXNpZ25hdHVyZS1vZi0yNTYtYnl0ZXM".repeat(5);

	private final StrictHttpFirewall springFirewall = new StrictHttpFirewall();

	private final BearerTokenResolver springResolver = new DefaultBearerTokenResolver();

	private final StrictHttpFirewall brokerFirewall = firewall();

	private final BearerTokenResolver brokerResolver = new BearerTokens();

	private final MockHttpServletRequest request = request();

	@Benchmark
	public String spring() {
		return this.springResolver.resolve(this.springFirewall.getFirewalledRequest(this.request));
	}

	@Benchmark
	public String broker() {
		return this.brokerResolver.resolve(this.brokerFirewall.getFirewalledRequest(this.request));
	}

	private static MockHttpServletRequest request() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/me");
		request.addHeader("Authorization", "Bearer " + TOKEN);
		return request;
	}

	/** The broker's firewall, as SecurityConfiguration makes it. */
	private static StrictHttpFirewall firewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderValues(HeaderValues::allowed);
		return firewall;
	}

}
