package dev.capstan.redis.queue;

import dev.capstan.api.Job;
import dev.capstan.api.JobCodec;
import dev.capstan.api.JobError;
import dev.capstan.redis.queue.QueueBroker.Move;

/**
 * A job taken back from a worker that died with it (or that brought its worker down, as a handler
 * calling System.exit does) counts a recovery; past the limit it is a poison pill and goes to the dead
 * set instead of killing worker after worker. Shared by the reaper and the worker's shutdown.
 */
final class Recovery {
    private Recovery() {}

    /** Where the job goes: back to its queue with one more recovery, or dead as a poison pill. */
    static Outcome of(JobCodec codec, Job job, String element, int maxRecoveries, String workerId, long now) {
        Job recovered = job.withRecovery();
        if (recovered.recoveries() > maxRecoveries) {
            JobError reason = JobError.reason("PoisonPill", "recovered from dead workers " + recovered.recoveries()
                    + " times (limit " + maxRecoveries + "): the job may be killing its worker; last worker " + workerId, now);
            Job poisoned = recovered.withError(reason);
            return new Outcome(new Move(element, codec.encode(poisoned)), true, poisoned);
        }
        return new Outcome(new Move(element, codec.encode(recovered)), false, recovered);
    }

    /** Where the job goes ({@code move}), whether that is the dead set, and the job as it goes there. */
    record Outcome(Move move, boolean dead, Job job) {}
}
