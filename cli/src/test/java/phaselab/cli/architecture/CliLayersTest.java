package phaselab.cli.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The command line's layers, and the direction between modules (engine ← lab ← cli), checked on
 * the compiled classes of all of them: the commands sit on top (package phaselab.cli); report and
 * serve are libraries below them with their own exception types, which know no command; nothing
 * has package cycles.
 */
class CliLayersTest {
  private static final JavaClasses ALL = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("phaselab");

  @Test
  void noCyclesBetweenCliPackages() {
    slices().matching("phaselab.cli.(*)..").should().beFreeOfCycles().check(ALL);
    slices().matching("phaselab.(*)..").should().beFreeOfCycles().check(ALL);
  }

  @Test
  void reportAndServeDoNotKnowTheCommands() {
    noClasses().that().resideInAnyPackage("phaselab.cli.report..", "phaselab.cli.serve..").should().dependOnClassesThat()
        .resideInAPackage("phaselab.cli").check(ALL);
  }

  @Test
  void reportsDoNotKnowTheDashboard() {
    noClasses().that().resideInAPackage("phaselab.cli.report..").should().dependOnClassesThat().resideInAPackage("phaselab.cli.serve..")
        .check(ALL);
  }

  @Test
  void modulesDependInOneDirection() {
    noClasses().that().resideInAPackage("phaselab.engine..").should().dependOnClassesThat()
        .resideInAnyPackage("phaselab.lab..", "phaselab.cli..", "phaselab.bench..").check(ALL);
    noClasses().that().resideInAPackage("phaselab.lab..").should().dependOnClassesThat().resideInAnyPackage("phaselab.cli..", "phaselab.bench..")
        .check(ALL);
    noClasses().that().resideInAPackage("phaselab.bench..").should().dependOnClassesThat().resideInAPackage("phaselab.cli..").check(ALL);
  }
}
