package dev.credbroker.support;

import java.util.function.Supplier;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What every test context of its own needs: the shared issuer and Azure stand-in, a policy, and an
 * audit file of its own (never standard output, which is Surefire's channel to the forked JVM).
 */
public final class BrokerTestProperties {

	private BrokerTestProperties() {
	}

	public static void register(DynamicPropertyRegistry registry, Supplier<Object> policyLocation) {
		registry.add("broker.security.issuers", () -> TestIssuer.issuer(TestIssuer.TRUSTED));
		registry.add("broker.security.audiences", () -> TestIssuer.AUDIENCE);
		registry.add("broker.arm.endpoint", AzureStandIn::armEndpoint);
		registry.add("broker.policy.location", policyLocation);
		registry.add("broker.audit.sink", () -> "file");
		registry.add("broker.audit.file.path", AuditLog::scratchFile);
	}

}
