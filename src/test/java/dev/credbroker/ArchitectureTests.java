package dev.credbroker;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The feature packages depend inwards: {@code api} on the others, never the reverse, and no cycles.
 */
class ArchitectureTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.credbroker");

	@Test
	void nothingDependsOnTheApi() {
		noClasses().that()
			.resideOutsideOfPackage("dev.credbroker.api..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.credbroker.api..")
			.check(classes);
	}

	@Test
	void featurePackagesAreFreeOfCycles() {
		slices().matching("dev.credbroker.(*)..").should().beFreeOfCycles().check(classes);
	}

	@Test
	void azureKnowsNothingOfTheBrokersOwnModel() {
		noClasses().that()
			.resideInAPackage("dev.credbroker.azure..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.credbroker.secrets..", "dev.credbroker.security..")
			.check(classes);
	}

	@Test
	void securityKnowsNothingOfSecrets() {
		noClasses().that()
			.resideInAPackage("dev.credbroker.security..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.credbroker.secrets..", "dev.credbroker.azure..")
			.check(classes);
	}

}
