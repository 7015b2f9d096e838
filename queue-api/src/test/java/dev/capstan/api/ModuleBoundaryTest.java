package dev.capstan.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** queue-api is the model and its interfaces: it knows nothing of Redis or of Capstan's other modules. */
class ModuleBoundaryTest {
    private final JavaClasses api = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.capstan.api");

    @Test
    void queueApiUsesNoRedis() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("redis.clients..", "io.lettuce..", "org.redisson..")
                .check(api);
    }

    @Test
    void queueApiUsesNoOtherCapstanModule() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.capstan.redis..", "dev.capstan.worker..",
                "dev.capstan.scheduler..", "dev.capstan.dashboard..").check(api);
    }
}
