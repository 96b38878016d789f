package dev.credbroker.policy;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the team policies come from.
 *
 * @param location the policy file, as a Spring resource such as
 * {@code file:/etc/credential-broker/policies.yaml}; required
 * @param reloadInterval how often the file is checked for changes
 */
@ConfigurationProperties("broker.policy")
public record PolicyProperties(@Nullable String location, @DefaultValue("2s") Duration reloadInterval) {
}
