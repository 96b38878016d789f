package dev.credbroker;

import java.time.Clock;

import dev.credbroker.audit.AuditVerifier;
import dev.credbroker.dryrun.PolicyCheck;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.data.autoconfigure.metrics.DataRepositoryMetricsAutoConfiguration;
import org.springframework.boot.data.autoconfigure.web.DataWebAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ScheduledTasksObservationAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.PersistenceExceptionTranslationAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Lets internal services read Azure Machine Learning secrets through scoped, redacted views,
 * without holding Azure rights themselves.
 * <p>
 * Left out: auto-configurations that the starters' jars switch on but that no mode of the broker
 * uses, each one more configuration class to parse and more beans to create at every start
 * (issue 22). Spring Data's repositories, web support and their metrics (fleet mode reads Redis
 * through Lettuce, never through a repository or a pageable endpoint), reactive Redis templates
 * (fleet mode takes Boot's Lettuce connection factory, which stays), transactions and persistence
 * exception translation (no database), scheduling (nothing is {@code @Scheduled}), WebFlux
 * security (a servlet application) and Azure Blob resources (no azure-storage-blob, so an
 * {@code azure-blob://} location could not be read anyway). A class that goes away breaks the
 * build, and Boot refuses to start when an excluded class is no longer an auto-configuration. In
 * local fleet mode the Redis auto-configurations are left out too ({@code RedisOnlyInRedisMode}).
 */
@SpringBootApplication(exclude = { DataRepositoryMetricsAutoConfiguration.class, DataWebAutoConfiguration.class,
		DataRedisReactiveAutoConfiguration.class, TransactionAutoConfiguration.class,
		TransactionManagerCustomizationAutoConfiguration.class, PersistenceExceptionTranslationAutoConfiguration.class,
		TaskSchedulingAutoConfiguration.class, ScheduledTasksObservationAutoConfiguration.class,
		ReactiveWebSecurityAutoConfiguration.class },
		excludeName = "com.azure.spring.cloud.autoconfigure.implementation.storage.blob.AzureStorageBlobResourceAutoConfiguration")
@ConfigurationPropertiesScan
public class CredentialBrokerApplication {

	public static void main(String[] args) {
		if (args.length > 0 && AuditVerifier.COMMAND.equals(args[0])) {
			// A command-line tool of the same jar: no web server, no Spring context.
			System.exit(AuditVerifier.run(args, System.out));
		}
		if (args.length > 0 && PolicyCheck.COMMAND.equals(args[0])) {
			System.exit(PolicyCheck.run(args, System.out, System.err));
		}
		SpringApplication.run(CredentialBrokerApplication.class, args);
	}

	/**
	 * The one clock by which answers age, budgets refill and the circuit half-opens; tests move it.
	 * @return the system clock in UTC
	 */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
