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
 * module (or the scheduler), each only its one public primitive (presence, sessions, gates and flags,
 * counters, live status, rate limiters, schedules); the builder names those primitives only to wrap them.
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
            .and().doNotHaveSimpleName("FeatureFlagDirectory")
            .and().doNotHaveSimpleName("LiveStatusJobProgress")
            .and().doNotHaveSimpleName("RedisLoginThrottle")
            .and().doNotHaveSimpleName("ScheduleAdminDirectory")
            .and().doNotHaveSimpleName("DashboardBuilder")
            .should().dependOnClassesThat().resideInAnyPackage("dev.capstan.redis..", "dev.capstan.scheduler..")
            .because("the dashboard depends on interfaces (QueueAdmin, WorkerDirectory, ...); adapters are the only bridges");

    @ArchTest
    static final ArchRule onlyTheSchedulesAdapterTouchesTheScheduler = noClasses()
            .that().resideInAPackage("dev.capstan.dashboard..").and().doNotHaveSimpleName("ScheduleAdminDirectory")
            .and().doNotHaveSimpleName("DashboardBuilder")
            .should().dependOnClassesThat().resideInAPackage("dev.capstan.scheduler..")
            .because("the schedules tab reads through ScheduleDirectory; ScheduleAdminDirectory is the bridge");

    @ArchTest
    static final ArchRule theBuilderNamesOnlyPublicPrimitives = classes()
            .that().haveSimpleName("DashboardBuilder")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.capstan.dashboard..", "dev.capstan.api..",
                    "dev.capstan.redis.presence..", "dev.capstan.redis.livestatus..", "dev.capstan.redis.flags..",
                    "dev.capstan.redis.gates..", "dev.capstan.redis.counter..", "dev.capstan.redis.session..",
                    "dev.capstan.redis.ratelimit..", "dev.capstan.scheduler..", "java..")
            .because("the builder takes Capstan's primitives only to wrap each in its adapter");

    @ArchTest
    static final ArchRule theScheduleAdapterUsesOnlyTheScheduler = classes()
            .that().haveSimpleName("ScheduleAdminDirectory")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.capstan.dashboard..", "dev.capstan.scheduler..", "java..")
            .because("the adapter needs the scheduler's admin API and nothing else");

    @ArchTest
    static final ArchRule theFlagsAdapterUsesOnlyFlags = classes()
            .that().haveSimpleName("FeatureFlagDirectory")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.capstan.dashboard..", "dev.capstan.redis.flags..", "java..")
            .because("the adapter needs the feature flags and nothing else of the Redis module");

    @ArchTest
    static final ArchRule theProgressAdapterUsesOnlyLiveStatus = classes()
            .that().haveSimpleName("LiveStatusJobProgress")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.capstan.dashboard..", "dev.capstan.redis.livestatus..", "java..")
            .because("the adapter needs the live status primitive and nothing else of the Redis module");

    @ArchTest
    static final ArchRule theLoginThrottleAdapterUsesOnlyRateLimiters = classes()
            .that().haveSimpleName("RedisLoginThrottle")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.capstan.dashboard..", "dev.capstan.redis.ratelimit..", "java..")
            .because("the adapter needs the rate limiters and nothing else of the Redis module");

    @ArchTest
    static final ArchRule securityChecksDoNotNeedJavalin = noClasses()
            .that().haveSimpleName("AllowedHosts").or().haveSimpleName("TieredLoginThrottle")
            .or().haveSimpleName("InMemoryRateLimit").or().haveSimpleName("Credentials").or().haveSimpleName("Users")
            .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..")
            .because("the host, origin, throttle and password checks are reused where the dashboard is mounted in another server");

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
