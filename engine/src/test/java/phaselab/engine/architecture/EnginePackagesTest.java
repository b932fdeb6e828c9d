package phaselab.engine.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The engine's layers, checked on the compiled classes: no cycles between its packages, tensors
 * and random streams at the bottom, autograd on tensors, layers (nn) on autograd, models on
 * layers, and nothing of the engine reaching up into lab or the command line.
 */
class EnginePackagesTest {
  private static final JavaClasses ENGINE = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("phaselab.engine");

  @Test
  void noCyclesBetweenPackages() {
    slices().matching("phaselab.engine.(*)..").should().beFreeOfCycles().check(ENGINE);
  }

  @Test
  void tensorsAndRandomStreamsKnowNothingAbove() {
    noClasses().that().resideInAnyPackage("phaselab.engine.tensor..", "phaselab.engine.rng..").should().dependOnClassesThat()
        .resideInAnyPackage("phaselab.engine.autograd..", "phaselab.engine.nn..", "phaselab.engine.model..", "phaselab.engine.optim..")
        .check(ENGINE);
  }

  @Test
  void layersDoNotKnowTheModelsBuiltFromThem() {
    noClasses().that().resideInAnyPackage("phaselab.engine.autograd..", "phaselab.engine.nn..", "phaselab.engine.optim..")
        .should().dependOnClassesThat().resideInAPackage("phaselab.engine.model..").check(ENGINE);
  }

  @Test
  void autogradDoesNotKnowLayers() {
    noClasses().that().resideInAPackage("phaselab.engine.autograd..").should().dependOnClassesThat()
        .resideInAnyPackage("phaselab.engine.nn..", "phaselab.engine.optim..").check(ENGINE);
  }

  @Test
  void theEngineStandsAlone() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("phaselab.lab..", "phaselab.cli..", "phaselab.bench..").check(ENGINE);
  }
}
