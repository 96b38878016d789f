package dev.credbroker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Lets internal services read Azure Machine Learning secrets through scoped, redacted views,
 * without holding Azure rights themselves.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CredentialBrokerApplication {

	public static void main(String[] args) {
		SpringApplication.run(CredentialBrokerApplication.class, args);
	}

}
