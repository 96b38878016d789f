package dev.credbroker.azure;

import com.azure.core.credential.TokenCredential;
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

	@Bean
	ArmClient armClient(WebClient.Builder builder, JsonMapper jsonMapper, ArmProperties properties,
			@Qualifier("springCloudAzureDefaultCredential") TokenCredential credential) {
		HttpClient httpClient = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(properties.connectTimeout().toMillis()))
			.responseTimeout(properties.responseTimeout());
		WebClient webClient = builder.clone()
			.baseUrl(properties.endpoint().toString())
			.clientConnector(new ReactorClientHttpConnector(httpClient))
			.filter(new ManagedIdentityTokenFilter(credential, properties.scope()))
			.build();
		return new ArmClient(webClient, jsonMapper, properties);
	}

}
