package dev.credbroker;

import java.time.Clock;

import dev.credbroker.audit.AuditVerifier;
import dev.credbroker.dryrun.PolicyCheck;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * Lets internal services read Azure Machine Learning secrets through scoped, redacted views,
 * without holding Azure rights themselves.
 */
@SpringBootApplication
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
