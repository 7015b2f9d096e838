package dev.capstan.redis.lock;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One successful acquisition of a {@link RedisLock}: the holder's proof of ownership.
 *
 * <p>{@link #token()} is a random 128-bit value only this holder knows; release and extend act
 * only when Redis still stores it. {@link #fencingToken()} is a number that strictly increases
 * with every acquisition of the same lock, by any holder: pass it to the resource the lock
 * protects and let that resource reject writes carrying a smaller number than one it has already
 * seen. That is the only protection against a holder that was paused (GC, swap) past its lease
 * and still believes it holds the lock.
 *
 * <p>{@link #isHeldLocally()} is this process's conservative estimate: the lease counts from
 * <em>before</em> the acquire (or last extend) request was sent, so the local deadline passes no
 * later than the key's expiry on the server, clock-rate drift aside. It can only say "probably
 * still mine" or "certainly not mine any more"; it never proves ownership.
 */
public final class LockLease {
    enum State { HELD, RELEASED, LOST }

    private final String lockName;
    private final String token;
    private final long fencingToken;
    private final Duration leaseTime;
    private final AtomicReference<State> state = new AtomicReference<>(State.HELD);
    private volatile long validUntilNanos;
    private volatile Future<?> renewal;
    private final AtomicLong extensions = new AtomicLong();

    LockLease(String lockName, String token, long fencingToken, Duration leaseTime, long requestSentNanos) {
        this.lockName = lockName;
        this.token = token;
        this.fencingToken = fencingToken;
        this.leaseTime = leaseTime;
        this.validUntilNanos = requestSentNanos + leaseTime.toNanos();
    }

    public String lockName() {
        return lockName;
    }

    /** The random value stored in the lock key while this lease holds it. */
    public String token() {
        return token;
    }

    /** Strictly greater than the fencing token of every earlier acquisition of the same lock. */
    public long fencingToken() {
        return fencingToken;
    }

    /** The lease asked for at acquisition (the watchdog renews to this length). */
    public Duration leaseTime() {
        return leaseTime;
    }

    /** True while not released, not known to be lost, and the local lease deadline has not passed. */
    public boolean isHeldLocally() {
        return state.get() == State.HELD && System.nanoTime() - validUntilNanos < 0;
    }

    /** True when the lease ended without its holder releasing it (expired, or an extend found another token). */
    public boolean isLost() {
        State current = state.get();
        return current == State.LOST || (current == State.HELD && System.nanoTime() - validUntilNanos >= 0);
    }

    /** Local time left before the lease must be assumed gone; zero once it is. */
    public Duration remainingValidity() {
        if (state.get() != State.HELD) {
            return Duration.ZERO;
        }
        long left = validUntilNanos - System.nanoTime();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    boolean isReleased() {
        return state.get() == State.RELEASED;
    }

    /** Moves the deadline after a successful extend whose request left at {@code requestSentNanos}. */
    void extendedAt(long requestSentNanos, Duration newLease) {
        if (state.get() == State.HELD) {
            validUntilNanos = requestSentNanos + newLease.toNanos();
        }
        extensions.incrementAndGet();
    }

    /** Marks the lease lost; true only for the call that made the change (so loss is reported once). */
    boolean markLost() {
        boolean changed = state.compareAndSet(State.HELD, State.LOST);
        if (changed) {
            cancelRenewal();
        }
        return changed;
    }

    void markReleased() {
        state.set(State.RELEASED);
        cancelRenewal();
    }

    /** Successful extends so far (by the holder or its watchdog). */
    long extensions() {
        return extensions.get();
    }

    void renewal(Future<?> next) {
        this.renewal = next;
        // a release racing with the scheduling of the next renewal must still stop it
        if (state.get() != State.HELD) {
            next.cancel(false);
        }
    }

    private void cancelRenewal() {
        Future<?> current = renewal;
        if (current != null) {
            current.cancel(false);
        }
    }

    @Override
    public String toString() {
        return "LockLease[" + lockName + ", fencingToken=" + fencingToken + ", " + state.get() + "]";
    }
}
