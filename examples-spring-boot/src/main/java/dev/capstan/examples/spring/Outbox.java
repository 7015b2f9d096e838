package dev.capstan.examples.spring;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/** Stands in for a mail service: remembers what was "sent", and shows it at GET /outbox. */
@Component
public class Outbox {
    private final List<String> sent = new CopyOnWriteArrayList<>();

    public void send(String to, String subject) {
        sent.add(to + ": " + subject);
    }

    public List<String> sent() {
        return List.copyOf(sent);
    }
}
