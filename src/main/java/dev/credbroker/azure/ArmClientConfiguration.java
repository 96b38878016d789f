package dev.credbroker.azure;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

import com.azure.core.credential.TokenCredential;
import dev.credbroker.fleet.RateLimits;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.common.circuitbreaker.configuration.CircuitBreakerConfigCustomizer;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The WebClient that reaches Resource Manager with the credential Spring Cloud Azure configures:
 * workload identity on AKS, the managed identity elsewhere, a user-assigned one when
 * {@code spring.cloud.azure.credential.client-id} is set.
 */
@Configuration(proxyBeanMethods = false)
class ArmClientConfiguration {

	static final String INSTANCE = "arm";

	/** The circuit breaker half-opens by the broker's clock, the one its budget and cache keep. */
	@Bean
	CircuitBreakerConfigCustomizer armCircuitBreakerClock(Clock clock) {
		return CircuitBreakerConfigCustomizer.of(INSTANCE, (builder) -> builder.clock(clock));
	}

	@Bean
	ArmResilience armResilience(ArmProperties properties, TimeLimiterRegistry timeLimiters, RetryRegistry retries,
			CircuitBreakerRegistry circuitBreakers, BulkheadRegistry bulkheads, RateLimits rateLimits) {
		return new ArmResilience(timeLimiters.timeLimiter(INSTANCE), retries.retry(INSTANCE),
				circuitBreakers.circuitBreaker(INSTANCE), bulkheads.bulkhead(INSTANCE), properties.budget(),
				rateLimits.buckets("arm-budget", properties.budget().maxWait()));
	}

	@Bean
	ArmClient armClient(WebClient.Builder builder, JsonMapper jsonMapper, ArmProperties properties,
			@Qualifier("springCloudAzureDefaultCredential") TokenCredential credential, ArmResilience resilience,
			MeterRegistry meterRegistry) {
		AtomicLong remainingWrites = meterRegistry.gauge("broker.arm.ratelimit.remaining.writes", new AtomicLong(-1));
		HttpClient httpClient = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(properties.connectTimeout().toMillis()))
			.responseTimeout(properties.responseTimeout());
		WebClient webClient = builder.clone()
			.baseUrl(properties.endpoint().toString())
			.clientConnector(new ReactorClientHttpConnector(httpClient))
			.filter(new ManagedIdentityTokenFilter(credential, properties.scope()))
			.build();
		return new ArmClient(webClient, jsonMapper, properties, resilience, remainingWrites,
				new ArmMetrics(meterRegistry));
	}

}
