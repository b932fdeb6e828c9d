package phaselab.lab.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package structure docs/architecture.md draws, checked on the compiled classes: no cycles between any
 * of lab's packages (each one, sub-packages apart), and the layers in one direction: config and
 * run at the bottom, then task, workload, probe (the generic probes), suite (each suite's own probes and
 * analyses), train, and experiment (the registries) on top.
 */
class PackageCyclesTest {
  private static final JavaClasses LAB = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("phaselab.lab");

  @Test
  void noCyclesBetweenPackages() {
    slices().matching("phaselab.lab.(**)").should().beFreeOfCycles().check(LAB);
  }

  @Test
  void onlyTheExperimentPackageNamesTheRegistries() {
    noClasses().that().resideOutsideOfPackage("phaselab.lab.experiment..").should().dependOnClassesThat()
        .resideInAPackage("phaselab.lab.experiment..").check(LAB);
  }

  @Test
  void tasksWorkloadsAndProbesDoNotKnowTheTrainer() {
    noClasses().that().resideInAnyPackage("phaselab.lab.task..", "phaselab.lab.workload..", "phaselab.lab.probe..", "phaselab.lab.suite..")
        .should().dependOnClassesThat().resideInAPackage("phaselab.lab.train..").check(LAB);
  }

  @Test
  void tasksKnowNoWorkloadsOrProbes() {
    noClasses().that().resideInAPackage("phaselab.lab.task..").should().dependOnClassesThat()
        .resideInAnyPackage("phaselab.lab.workload..", "phaselab.lab.probe..", "phaselab.lab.suite..").check(LAB);
  }

  @Test
  void theGenericProbesKnowNoSuite() {
    noClasses().that().resideInAPackage("phaselab.lab.probe..").should().dependOnClassesThat().resideInAPackage("phaselab.lab.suite..")
        .check(LAB);
  }

  @Test
  void suitesDoNotKnowOneAnother() {
    for (String suite : java.util.List.of("grokking", "entropic", "symmetry")) {
      noClasses().that().resideInAPackage("phaselab.lab.suite." + suite + "..").should().dependOnClassesThat()
          .resideInAnyPackage(java.util.List.of("grokking", "entropic", "symmetry").stream().filter(s -> !s.equals(suite))
              .map(s -> "phaselab.lab.suite." + s + "..").toArray(String[]::new)).check(LAB);
    }
  }

}
