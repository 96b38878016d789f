package dev.credbroker;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The packages and the one direction between them. Every arrow the code may have is listed here,
 * and only these:
 *
 * <pre>
 * api ──► access ──► secrets ──► azure
 *  │        │   └──► policy ──► security
 *  │        └──────► azure      secrets ──► crypto
 *  └──► audit ──► crypto
 *  └──► policy, secrets, azure, security, dryrun  (the web layer maps their answers and errors to HTTP)
 * dryrun (policy-check) ──► access, policy, secrets, azure
 * azure, policy, secrets ──► fleet (token buckets, the link to Redis) ──► crypto
 * dev.credbroker (main: the audit-verify and policy-check commands) ──► audit, dryrun
 * </pre>
 *
 * {@code security}, {@code crypto} and {@code metrics} depend on no other package of the broker,
 * {@code azure} on {@code fleet} alone, and nothing depends on {@code metrics}, a configuration Spring finds.
 */
class ArchitectureTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.credbroker");

	@Test
	void eachPackageDependsOnlyOnThePackagesItsLayerNames() {
		layeredArchitecture().consideringOnlyDependenciesInLayers()
			.layer("Application").definedBy("dev.credbroker")
			.layer("Api").definedBy("dev.credbroker.api..")
			.layer("Access").definedBy("dev.credbroker.access..")
			.layer("Secrets").definedBy("dev.credbroker.secrets..")
			.layer("Policy").definedBy("dev.credbroker.policy..")
			.layer("Audit").definedBy("dev.credbroker.audit..")
			.layer("Azure").definedBy("dev.credbroker.azure..")
			.layer("Security").definedBy("dev.credbroker.security..")
			.layer("Crypto").definedBy("dev.credbroker.crypto..")
			.layer("PolicyCheck").definedBy("dev.credbroker.dryrun..")
			.layer("Metrics").definedBy("dev.credbroker.metrics..")
			.layer("Fleet").definedBy("dev.credbroker.fleet..")
			.whereLayer("Application").mayOnlyAccessLayers("Audit", "PolicyCheck")
			.whereLayer("Api").mayOnlyAccessLayers("Access", "Audit", "Azure", "Policy", "Secrets", "Security",
					"PolicyCheck")
			.whereLayer("PolicyCheck").mayOnlyAccessLayers("Access", "Azure", "Policy", "Secrets")
			.whereLayer("Access").mayOnlyAccessLayers("Azure", "Policy", "Secrets")
			.whereLayer("Secrets").mayOnlyAccessLayers("Azure", "Crypto", "Fleet")
			.whereLayer("Policy").mayOnlyAccessLayers("Security", "Fleet")
			.whereLayer("Fleet").mayOnlyAccessLayers("Crypto")
			.whereLayer("Audit").mayOnlyAccessLayers("Crypto")
			.whereLayer("Azure").mayOnlyAccessLayers("Fleet")
			.whereLayer("Security").mayNotAccessAnyLayer()
			.whereLayer("Crypto").mayNotAccessAnyLayer()
			.whereLayer("Metrics").mayNotAccessAnyLayer()
			.whereLayer("Metrics").mayNotBeAccessedByAnyLayer()
			.whereLayer("Api").mayNotBeAccessedByAnyLayer()
			.whereLayer("Access").mayOnlyBeAccessedByLayers("Api", "PolicyCheck")
			.check(classes);
	}

	@Test
	void featurePackagesAreFreeOfCycles() {
		slices().matching("dev.credbroker.(*)..").should().beFreeOfCycles().check(classes);
	}

	@Test
	void theWebLayerExportsNothing() {
		noClasses().that()
			.resideInAPackage("dev.credbroker.api..")
			.should()
			.haveModifier(JavaModifier.PUBLIC)
			.check(classes);
	}

}
