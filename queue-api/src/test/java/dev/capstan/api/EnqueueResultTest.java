package dev.capstan.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The handle keeps the value semantics callers had: equality, toString and JSON ignore the tracker. */
class EnqueueResultTest {
    private static final JobTracker TRACKER = new JobTracker() {
        @Override
        public Optional<JobStatus> status(String jobId) {
            return Optional.empty();
        }

        @Override
        public JobStatus await(String jobId, Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CancelResult cancel(String jobId) {
            return CancelResult.NOT_FOUND;
        }
    };

    @Test
    void theTrackerIsAHandleNotPartOfTheValue() throws Exception {
        EnqueueResult bare = new EnqueueResult("j1", EnqueueResult.Outcome.ENQUEUED);
        EnqueueResult handle = bare.withTracker(TRACKER);
        assertEquals(bare, handle);
        assertEquals(bare.hashCode(), handle.hashCode());
        assertEquals("EnqueueResult[jobId=j1, outcome=ENQUEUED]", handle.toString());
        assertEquals("{\"jobId\":\"j1\",\"outcome\":\"ENQUEUED\"}", new ObjectMapper().writeValueAsString(handle));
        assertEquals(CancelResult.NOT_FOUND, handle.cancel());
        IllegalStateException e = assertThrows(IllegalStateException.class, bare::status);
        assertEquals(true, e.getMessage().contains("CapstanRedis.jobs()"));
    }
}
