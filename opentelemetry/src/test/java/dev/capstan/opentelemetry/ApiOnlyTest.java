package dev.capstan.opentelemetry;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The tracing glue uses the OpenTelemetry API only: the SDK is the application's choice (and a test dependency here). */
class ApiOnlyTest {

    @Test
    void mainCodeUsesNoOpenTelemetrySdk() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.capstan.opentelemetry");
        noClasses().should().dependOnClassesThat().resideInAPackage("io.opentelemetry.sdk..").check(classes);
    }
}
