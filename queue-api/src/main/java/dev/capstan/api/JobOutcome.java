package dev.capstan.api;

import java.time.Duration;

/** Exceptions a handler throws to choose what happens to its job instead of the default retry. */
public final class JobOutcome {
    private JobOutcome() {}

    /** Drop the job: it is acknowledged without running again (use for jobs that no longer matter). */
    public static final class Discard extends RuntimeException {
        public Discard(String why) {
            super(why, null, false, false);
        }
    }

    /** Move the job to the dead set now, whatever attempts it has left. */
    public static final class SendToDead extends RuntimeException {
        public SendToDead(String why) {
            super(why, null, false, false);
        }
    }

    /** Run the job again after {@code delay}; this does not count as a failed attempt. */
    public static final class RetryLater extends RuntimeException {
        private final Duration delay;

        public RetryLater(Duration delay, String why) {
            super(why, null, false, false);
            this.delay = delay;
        }

        public Duration delay() {
            return delay;
        }
    }
}
