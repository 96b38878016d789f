package dev.credbroker;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class LogFormatEnvironmentPostProcessorTests {

	private final LogFormatEnvironmentPostProcessor processor = new LogFormatEnvironmentPostProcessor();

	@Test
	void logFormatJsonSwitchesToEcs() {
		MockEnvironment environment = new MockEnvironment().withProperty("LOG_FORMAT", "json");

		this.processor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("ecs");
	}

	@Test
	void plainTextOtherwise() {
		MockEnvironment environment = new MockEnvironment().withProperty("LOG_FORMAT", "text");

		this.processor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("logging.structured.format.console")).isNull();
	}

	@Test
	void anExplicitFormatWins() {
		MockEnvironment environment = new MockEnvironment().withProperty("LOG_FORMAT", "json")
			.withProperty("logging.structured.format.console", "logstash");

		this.processor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("logstash");
	}

}
