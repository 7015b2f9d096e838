package dev.capstan.dashboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The dashboard shows what the admin API guarantees, so it must not read Redis behind its back:
 * no Redis client, no queue internals (keys, broker, scripts). Only the adapters may touch the Redis
 * module, each only its one public primitive (presence, sessions, gates and flags, counters).
 */
@AnalyzeClasses(packages = "dev.capstan.dashboard", importOptions = ImportOption.DoNotIncludeTests.class)
class DashboardArchitectureTest {

    @ArchTest
    static final ArchRule noRedisClient = noClasses().that().resideInAPackage("dev.capstan.dashboard..")
            .should().dependOnClassesThat().resideInAPackage("redis.clients..")
            .because("the dashboard reads through QueueAdmin and its own interfaces, never raw Redis keys");

    @ArchTest
    static final ArchRule noQueueInternals = noClasses().that().resideInAPackage("dev.capstan.dashboard..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.capstan.redis.queue..", "dev.capstan.redis.lua..")
            .because("queue internals (keys, broker, scripts) are not the dashboard's business");

    @ArchTest
    static final ArchRule onlyTheAdaptersTouchTheRedisModule = noClasses()
            .that().resideInAPackage("dev.capstan.dashboard..").and().doNotHaveSimpleName("PresenceWorkerDirectory")
            .and().doNotHaveSimpleName("RedisSessionStore")
            .and().doNotHaveSimpleName("JobGatesControls")
            .and().doNotHaveSimpleName("TimeSeriesStatsSource")
            .should().dependOnClassesThat().resideInAPackage("dev.capstan.redis..")
            .because("the dashboard depends on interfaces (QueueAdmin, WorkerDirectory, ...); adapters are the only bridges");

    @ArchTest
    static final ArchRule thePresenceAdapterUsesOnlyPresence = classes()
            .that().haveSimpleName("PresenceWorkerDirectory")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.capstan.dashboard..",
                    "dev.capstan.redis.presence..", "java..")
            .because("the adapter needs the presence primitive and nothing else of the Redis module");

    @ArchTest
    static final ArchRule theSessionAdapterUsesOnlySessions = classes()
            .that().haveSimpleName("RedisSessionStore")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.capstan.dashboard..",
                    "dev.capstan.redis.session..", "java..")
            .because("the adapter needs the sessions primitive and nothing else of the Redis module");

    @ArchTest
    static final ArchRule theControlsAdapterUsesOnlyGatesAndFlags = classes()
            .that().haveSimpleName("JobGatesControls")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.capstan.dashboard..",
                    "dev.capstan.redis.gates..", "dev.capstan.redis.flags..", "java..")
            .because("the adapter needs the gates (and the flags they are made of) and nothing else of the Redis module");

    @ArchTest
    static final ArchRule theStatsAdapterUsesOnlyCounters = classes()
            .that().haveSimpleName("TimeSeriesStatsSource")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.capstan.dashboard..",
                    "dev.capstan.redis.counter..", "java..")
            .because("the adapter needs the time-series counter and nothing else of the Redis module");
}
