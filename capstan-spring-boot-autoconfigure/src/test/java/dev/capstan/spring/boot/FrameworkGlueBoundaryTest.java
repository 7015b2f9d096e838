package dev.capstan.spring.boot;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Framework glue (the Spring Boot starter, the Micrometer meters, OpenTelemetry tracing) depends on
 * the core modules, never the other way round: the core knows nothing of Spring, Micrometer or
 * OpenTelemetry, so it stays usable (and light) without them.
 */
class FrameworkGlueBoundaryTest {
    private static final String[] CORE = {"dev.capstan.api..", "dev.capstan.redis..", "dev.capstan.worker..",
            "dev.capstan.scheduler..", "dev.capstan.dashboard.."};

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.capstan");

    @Test
    void coreModulesDoNotDependOnFrameworkGlue() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("dev.capstan.spring..", "dev.capstan.metrics..",
                        "dev.capstan.opentelemetry..")
                .check(classes);
    }

    @Test
    void coreModulesDoNotDependOnTheFrameworks() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.micrometer..",
                        "io.opentelemetry..", "io.prometheus..")
                .check(classes);
    }
}
