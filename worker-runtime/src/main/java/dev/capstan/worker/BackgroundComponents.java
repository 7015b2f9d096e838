package dev.capstan.worker;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The background components of one worker: started in the order added, stopped in reverse. */
final class BackgroundComponents {
    private static final Logger log = LoggerFactory.getLogger(BackgroundComponents.class);

    private final List<BackgroundComponent> started = new ArrayList<>();

    /** Starts {@code component} now and remembers it for {@link #stopAll()}. */
    <T extends BackgroundComponent> T start(T component) {
        component.start();
        started.add(component);
        return component;
    }

    /** Stops every started component, the last started first; a failing stop does not stop the others. */
    void stopAll() {
        for (int i = started.size() - 1; i >= 0; i--) {
            BackgroundComponent c = started.get(i);
            try {
                c.stop();
            } catch (RuntimeException e) {
                log.warn("background component {} failed to stop: {}", c.name(), e.toString());
            }
        }
        started.clear();
    }

    /** Names in start order (for logs and tests). */
    List<String> names() {
        return started.stream().map(BackgroundComponent::name).toList();
    }
}
