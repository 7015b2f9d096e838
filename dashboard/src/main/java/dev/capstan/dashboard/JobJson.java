package dev.capstan.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.capstan.api.CancelledJob;
import dev.capstan.api.Job;
import dev.capstan.api.JobError;
import dev.capstan.api.JobView;
import java.util.Map;

/**
 * A job as the API sends it: the job's fields flattened next to its state, with the arguments
 * embedded as JSON (or as text when they do not parse, so a broken job can still be inspected).
 * {@code attempt} is the attempt number counted from 1 ({@link JobView#attempt()}), as everywhere else.
 */
record JobJson(String id, String type, String queue, JsonNode args, int attempt, int maxAttempts,
               long createdAt, long enqueuedAt, long runAt, String idempotencyKey, String dedupKey,
               Map<String, String> metadata, int recoveries, JobError lastError,
               String state, String workerId, long at, String progress) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static JobJson of(JobView view, Map<String, String> progress) {
        Job job = view.job();
        return new JobJson(job.id(), job.type(), job.queue(), parse(job.args()), view.attempt(), job.maxAttempts(),
                job.createdAt(), job.enqueuedAt(), job.runAt(), job.idempotencyKey(), job.dedupKey(),
                job.metadata(), job.recoveries(), job.lastError(), view.state().name(), view.workerId(),
                view.at(), progress.get(job.id()));
    }

    /**
     * A cancelled job, listed in its queue's cancelled tab; {@code at} is when it was cancelled, and its
     * attempt the number (from 1) of the run it was in or waiting for.
     */
    static JobJson cancelled(CancelledJob c) {
        Job job = c.job();
        return new JobJson(job.id(), job.type(), job.queue(), parse(job.args()), job.nextAttemptNumber(), job.maxAttempts(),
                job.createdAt(), job.enqueuedAt(), job.runAt(), job.idempotencyKey(), job.dedupKey(),
                job.metadata(), job.recoveries(), job.lastError(), "CANCELLED", null, c.cancelledAt(), null);
    }

    private static JsonNode parse(String args) {
        try {
            return JSON.readTree(args);
        } catch (Exception e) {
            return TextNode.valueOf(args);
        }
    }
}
