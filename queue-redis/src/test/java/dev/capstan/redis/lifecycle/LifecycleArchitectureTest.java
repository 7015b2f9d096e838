package dev.capstan.redis.lifecycle;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Job lifecycles sit beside the queue, not in it: the queue knows only the {@code SettleHook}
 * interface, never the lifecycle package; the lifecycle package uses the queue's public API, the
 * Lua runner and the namespace, and no other primitive; and no other primitive uses it.
 */
class LifecycleArchitectureTest {
    private final JavaClasses redis = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.capstan.redis");

    @Test
    void theQueueDoesNotKnowTheLifecyclePackage() {
        noClasses().that().resideInAPackage("dev.capstan.redis.queue..")
                .should().dependOnClassesThat().resideInAPackage("dev.capstan.redis.lifecycle..")
                .because("the queue settles lifecycle jobs through its SettleHook interface only")
                .check(redis);
    }

    @Test
    void theLifecyclePackageUsesOnlyTheQueueTheScriptsSubscriptionsOutageLogsAndTheNamespace() {
        classes().that().resideInAPackage("dev.capstan.redis.lifecycle..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.capstan.redis.lifecycle..",
                        "dev.capstan.redis.queue..", "dev.capstan.redis.lua..", "dev.capstan.redis.pubsub..",
                        "dev.capstan.redis.outage..",
                        "dev.capstan.redis", "dev.capstan.api..",
                        "redis.clients..", "com.fasterxml.jackson..", "org.slf4j..", "java..")
                .check(redis);
    }

    @Test
    void noOtherPrimitiveUsesTheLifecyclePackage() {
        noClasses().that().resideInAPackage("dev.capstan.redis..")
                .and().resideOutsideOfPackage("dev.capstan.redis.lifecycle..")
                .and().doNotHaveFullyQualifiedName("dev.capstan.redis.CapstanRedis")
                .should().dependOnClassesThat().resideInAPackage("dev.capstan.redis.lifecycle..")
                .because("only the entry point wires the lifecycle package in")
                .check(redis);
    }
}
