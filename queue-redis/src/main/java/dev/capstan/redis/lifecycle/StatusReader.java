package dev.capstan.redis.lifecycle;

import dev.capstan.api.JobCodec;
import dev.capstan.api.JobStatus;
import dev.capstan.api.JobStatus.State;
import dev.capstan.api.JobStatus.Transition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a tracked job's status hash into a {@link JobStatus}. */
final class StatusReader {
    private final JobCodec codec;

    StatusReader(JobCodec codec) {
        this.codec = codec;
    }

    /** The status in {@code fields} (a status hash), read at {@code now}; null when there are none. */
    JobStatus read(String jobId, Map<String, String> fields, long now) {
        String word = fields.get("state");
        if (word == null) {
            return null;
        }
        State state = state(word);
        long runAt = number(fields.get("runAt"));
        if (state == State.SCHEDULED && runAt > 0 && runAt <= now) {
            state = State.WAITING; // promoted (or about to be): the status is not rewritten for that
        }
        int percent = -1;
        String message = null;
        String progress = fields.get("progress");
        if (progress != null) {
            int space = progress.indexOf(' ');
            percent = (int) number(space < 0 ? progress : progress.substring(0, space));
            message = space < 0 || space == progress.length() - 1 ? null : progress.substring(space + 1);
        }
        return new JobStatus(jobId, fields.get("type"), TrackedIds.queueOf(jobId), state,
                (int) Math.max(1, number(fields.get("attempt"))),
                state == State.RUNNING ? percent : -1, state == State.RUNNING ? message : null, fields.get("result"),
                fields.get("error"), number(fields.get("created")), number(fields.get("updated")),
                state == State.SCHEDULED || state == State.RETRYING ? runAt : 0, fields.get("worker"),
                fields.get("batch"), fields.get("parent"), "1".equals(fields.get("cancel")),
                state == State.WAITING_CHILDREN ? (int) number(fields.get("pending")) : 0,
                history(fields), codec);
    }

    static State state(String word) {
        return switch (word) {
            case "waiting" -> State.WAITING;
            case "scheduled" -> State.SCHEDULED;
            case "waiting-children" -> State.WAITING_CHILDREN;
            case "running" -> State.RUNNING;
            case "retrying" -> State.RETRYING;
            case "succeeded" -> State.SUCCEEDED;
            case "dead" -> State.DEAD;
            case "cancelled" -> State.CANCELLED;
            default -> throw new IllegalStateException("unknown job state '" + word + "' in a status hash");
        };
    }

    /**
     * The transitions, fields 't:N' -> "epoch-ms state [detail]" in order of N; a 'cancel-requested'
     * entry becomes a detail of the state it came in.
     */
    private static List<Transition> history(Map<String, String> fields) {
        java.util.TreeMap<Long, String> entries = new java.util.TreeMap<>();
        fields.forEach((k, v) -> {
            if (k.startsWith("t:")) {
                entries.put(number(k.substring(2)), v);
            }
        });
        List<Transition> out = new ArrayList<>();
        for (String line : entries.values()) {
            String[] parts = line.split(" ", 3);
            if (parts.length < 2) {
                continue;
            }
            long at = number(parts[0]);
            String detail = parts.length > 2 ? parts[2] : null;
            if ("cancel-requested".equals(parts[1])) {
                out.add(new Transition(out.isEmpty() ? State.RUNNING : out.get(out.size() - 1).state(), at,
                        "cancellation requested"));
                continue;
            }
            try {
                out.add(new Transition(state(parts[1]), at, detail));
            } catch (IllegalStateException e) {
                // a state this version does not know: skip it
            }
        }
        return out;
    }

    private static long number(String s) {
        if (s == null || s.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return (long) Double.parseDouble(s);
        }
    }
}
