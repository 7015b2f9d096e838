package dev.capstan.redis.queue;

import dev.capstan.api.Job;
import dev.capstan.api.JobCodec;
import dev.capstan.api.JobError;
import dev.capstan.api.JobIds;
import java.util.Map;

/**
 * Wraps a queue element that does not decode into a job that can sit in the dead set: its type
 * says it was undecodable, its arguments hold the original text untouched, and its error the reason.
 */
final class UndecodableElements {
    static final String TYPE = "(undecodable)";

    private UndecodableElements() {}

    static String wrap(JobCodec codec, String queue, String element, String reason) {
        long now = System.currentTimeMillis();
        Job wrapper = new Job("undecodable-" + JobIds.next(), TYPE, queue, codec.encodeArgs(element), 0, 1,
                now, now, 0, null, null, Map.of(), 0, JobError.reason("UndecodableJob", reason, now));
        return codec.encode(wrapper);
    }
}
