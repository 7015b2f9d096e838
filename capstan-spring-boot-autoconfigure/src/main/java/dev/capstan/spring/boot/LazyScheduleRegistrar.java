package dev.capstan.spring.boot;

import dev.capstan.api.JobHandler;
import dev.capstan.scheduler.ScheduleAdmin;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Declared as a static bean (so it does not pull the configuration class early) that resolves its
 * collaborators only once every singleton exists, then saves the schedules.
 */
final class LazyScheduleRegistrar implements SmartInitializingSingleton {
    private final ObjectProvider<ScheduleAdmin> admin;
    private final ObjectProvider<CapstanProperties> properties;
    private final ObjectProvider<JobHandler<?>> handlers;

    LazyScheduleRegistrar(ObjectProvider<ScheduleAdmin> admin, ObjectProvider<CapstanProperties> properties,
                          ObjectProvider<JobHandler<?>> handlers) {
        this.admin = admin;
        this.properties = properties;
        this.handlers = handlers;
    }

    @Override
    public void afterSingletonsInstantiated() {
        new ScheduleRegistrar(admin.getObject(), properties.getObject().getSchedules(),
                handlers.orderedStream().toList()).saveAll();
    }
}
