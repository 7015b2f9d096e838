package dev.capstan.redis.flags;

import dev.capstan.api.LogText;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.pubsub.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Feature flags kept in Redis and read from a process-local cache.
 *
 * <p>A flag has a global switch ({@link #isEnabled}), a rollout percentage, and allow and deny
 * lists of subject ids; {@link #isEnabledFor} applies them as described in
 * {@link FlagState#isEnabledFor} with the stable bucket of {@link RolloutBucket}, so every process
 * gives a subject the same answer.
 *
 * <p><b>Freshness.</b> Reads are served from memory once a flag has been read. Every write is one
 * script that changes the flag's hash and PUBLISHes its name; each instance keeps a
 * {@link Subscription} (one daemon thread and one connection of its own, pinged so that a quiet
 * channel stays subscribed) and drops the named entry, so a change reaches every process within the
 * pub/sub latency (milliseconds). Pub/sub is fire-and-forget: messages sent while a subscriber is
 * disconnected are lost. Therefore, while the subscription is down (the server really went away),
 * reads go to Redis and nothing is cached; on every (re)subscription the whole cache is dropped; and
 * an optional periodic refresh re-reads every cached flag, which bounds staleness even if a
 * connection hangs silently. Writes made without this API (a raw HSET) are not announced and are seen
 * only after that refresh.
 *
 * <p><b>Listeners</b> ({@link #addListener}) hear a flag's name when it really changed: on an announced
 * write, when the periodic refresh finds a cached flag changed, and after a resubscription for each
 * flag whose state differs from the one this instance last knew (every flag is read once at each
 * (re)subscription to know that), so an outage reports what it hid and nothing else. They run on the
 * subscriber or refresh thread: keep them short.
 *
 * <p><b>Two spaces.</b> {@code new FeatureFlags(redis, ns)} holds the application's flags. Capstan's
 * own switches ({@link dev.capstan.redis.gates.JobGates}: paused queues, switched-off types, quiet
 * requests) live apart, in {@link #internal} instances with keys, registry and channel of their own:
 * they never appear in the application's {@link #list()} or reach its listeners.
 *
 * <p>A flag that was never written reads as disabled everywhere. Flag names must not contain braces.
 * {@link #close()} stops the subscription and the refresh; reads still work afterwards, uncached.
 */
public final class FeatureFlags implements AutoCloseable {
    /** Default interval of the full refresh that catches missed or unannounced changes. */
    public static final Duration DEFAULT_FULL_REFRESH = Duration.ofSeconds(30);
    private static final Duration FIRST_SUBSCRIBE_WAIT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(FeatureFlags.class);

    private final FlagRedis store;
    private final FlagCache cache = new FlagCache();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    /** Each flag's state as this instance last knew it, to tell listeners only about real changes. */
    private final Map<String, Optional<FlagState>> known = new ConcurrentHashMap<>();
    private final Subscription subscription;
    private final ScheduledExecutorService refresher;
    private volatile boolean subscribed;
    private FeatureFlags internal; // guarded by this

    /** Flags with the {@linkplain #DEFAULT_FULL_REFRESH default} periodic refresh. */
    public FeatureFlags(UnifiedJedis redis, Namespace ns) {
        this(redis, ns, DEFAULT_FULL_REFRESH);
    }

    /**
     * @param fullRefreshInterval how often every cached flag is re-read from Redis; {@link Duration#ZERO}
     *                            disables the refresh (then only announced changes are seen)
     */
    public FeatureFlags(UnifiedJedis redis, Namespace ns, Duration fullRefreshInterval) {
        this(new FlagRedis(redis, ns, FlagRedis.Space.APPLICATION), fullRefreshInterval);
    }

    /**
     * Capstan's own switches (the flags behind {@link dev.capstan.redis.gates.JobGates}), apart from the
     * application's: their own keys, registry and channel. The worker runtime and the dashboard's
     * controls use this; an application has no reason to.
     */
    public static FeatureFlags internal(UnifiedJedis redis, Namespace ns) {
        return new FeatureFlags(new FlagRedis(redis, ns, FlagRedis.Space.INTERNAL), DEFAULT_FULL_REFRESH);
    }

    private FeatureFlags(FlagRedis store, Duration fullRefreshInterval) {
        Objects.requireNonNull(fullRefreshInterval, "fullRefreshInterval");
        this.store = store;
        String threadName = "capstan-" + store.space().word + "s-subscriber-" + store.namespace().prefix();
        this.subscription = Subscription.start(store.redis(), threadName, new SubscriptionEvents(), store.channel());
        if (!subscription.awaitSubscribed(FIRST_SUBSCRIBE_WAIT)) {
            log.warn("flag invalidations on {} not subscribed yet; reads go to Redis until they are", store.channel());
        }
        if (fullRefreshInterval.isZero() || fullRefreshInterval.isNegative()) {
            this.refresher = null;
        } else {
            this.refresher = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "capstan-" + store.space().word + "s-refresh-" + store.namespace().prefix());
                thread.setDaemon(true);
                return thread;
            });
            long periodMs = fullRefreshInterval.toMillis();
            refresher.scheduleWithFixedDelay(this::refreshCached, periodMs, periodMs, TimeUnit.MILLISECONDS);
        }
    }

    /** Whether this instance holds Capstan's own switches rather than the application's flags. */
    public boolean isInternal() {
        return store.space() == FlagRedis.Space.INTERNAL;
    }

    /**
     * Capstan's own switches on this instance's connection and namespace ({@link #internal}), created
     * on first use and closed with this instance; this instance itself if it is internal already.
     */
    public synchronized FeatureFlags internalFlags() {
        if (isInternal()) {
            return this;
        }
        if (internal == null) {
            internal = internal(store.redis(), store.namespace());
        }
        return internal;
    }

    /** The subscription that keeps the cache fresh (its loss and resubscription counts, for tests and health). */
    public Subscription subscription() {
        return subscription;
    }

    // ---- reads ----------------------------------------------------------------------------

    /** The flag's global switch; false for a flag that does not exist. Rollout and lists do not apply. */
    public boolean isEnabled(String flag) {
        return get(flag).map(FlagState::enabled).orElse(false);
    }

    /** Whether the flag is on for this subject (deny list, then allow list, then switch and rollout). */
    public boolean isEnabledFor(String flag, String subjectId) {
        Objects.requireNonNull(subjectId, "subjectId");
        return get(flag).map(state -> state.isEnabledFor(subjectId)).orElse(false);
    }

    /** The flag's state, from the cache when it can be trusted. */
    public Optional<FlagState> get(String flag) {
        Namespace.requireTaggable(flag);
        if (!subscribed) {
            return store.read(flag); // changes could be missed right now: neither trust nor fill the cache
        }
        Optional<FlagState> cached = cache.cached(flag);
        return cached != null ? cached : cache.load(flag, store::read);
    }

    /** Every registered flag's state, sorted by name. */
    public List<FlagState> list() {
        List<FlagState> states = new ArrayList<>();
        for (String name : new TreeSet<>(store.names())) {
            get(name).ifPresent(states::add);
        }
        return states;
    }

    // ---- writes (each one script on the flag's key, announced to every instance) -----------

    /** Replaces the whole flag; returns its new version. */
    public long set(String flag, boolean enabled, int rolloutPercent, Collection<String> allowList,
            Collection<String> denyList) {
        List<String> fields = FlagHash.encode(enabled, rolloutPercent, allowList, denyList);
        return written(flag, store.replace(flag, fields));
    }

    /** Turns the global switch on (creating the flag at 100% rollout if needed); returns the new version. */
    public long enable(String flag) {
        return written(flag, store.update(flag, List.of(FlagHash.ENABLED, "1"), List.of()));
    }

    /** Turns the global switch off (allow-listed subjects keep the flag); returns the new version. */
    public long disable(String flag) {
        return written(flag, store.update(flag, List.of(FlagHash.ENABLED, "0"), List.of()));
    }

    /** Sets the share of subjects (0-100) that get the flag while it is enabled; returns the new version. */
    public long setRollout(String flag, int percent) {
        String value = String.valueOf(FlagState.requirePercent(percent));
        return written(flag, store.update(flag, List.of(FlagHash.ROLLOUT, value), List.of()));
    }

    /** Adds subjects to the allow list; returns the new version. */
    public long allow(String flag, String... subjectIds) {
        return written(flag, store.update(flag, listed(FlagHash.ALLOW_PREFIX, subjectIds), List.of()));
    }

    /** Adds subjects to the deny list (which wins over everything); returns the new version. */
    public long deny(String flag, String... subjectIds) {
        return written(flag, store.update(flag, listed(FlagHash.DENY_PREFIX, subjectIds), List.of()));
    }

    /** Removes subjects from the allow list; returns the new version. */
    public long removeFromAllowList(String flag, String... subjectIds) {
        return written(flag, store.update(flag, List.of(), fields(FlagHash.ALLOW_PREFIX, subjectIds)));
    }

    /** Removes subjects from the deny list; returns the new version. */
    public long removeFromDenyList(String flag, String... subjectIds) {
        return written(flag, store.update(flag, List.of(), fields(FlagHash.DENY_PREFIX, subjectIds)));
    }

    /** Deletes the flag (it then reads as disabled); true if it existed. */
    public boolean delete(String flag) {
        boolean existed = store.delete(flag);
        cache.invalidate(flag);
        return existed;
    }

    // ---- listeners and lifecycle -----------------------------------------------------------

    /** Calls {@code flagChanged} with a flag's name whenever that flag may have changed. */
    public void addListener(Consumer<String> flagChanged) {
        listeners.add(Objects.requireNonNull(flagChanged, "flagChanged"));
    }

    public void removeListener(Consumer<String> flagChanged) {
        listeners.remove(flagChanged);
    }

    /** Stops the subscriber thread and the periodic refresh; later reads go to Redis uncached. */
    @Override
    public void close() {
        subscription.close();
        subscribed = false;
        if (refresher != null) {
            refresher.shutdownNow();
        }
        cache.clear();
        FeatureFlags inner;
        synchronized (this) {
            inner = internal;
        }
        if (inner != null) {
            inner.close();
        }
    }

    private long written(String flag, long version) {
        cache.invalidate(flag); // read-your-writes here, before our own announcement comes back
        return version;
    }

    private static List<String> listed(String prefix, String... subjectIds) {
        List<String> pairs = new ArrayList<>(2 * subjectIds.length);
        for (String field : fields(prefix, subjectIds)) {
            pairs.add(field);
            pairs.add("1");
        }
        return pairs;
    }

    private static List<String> fields(String prefix, String... subjectIds) {
        if (subjectIds.length == 0) {
            throw new IllegalArgumentException("give at least one subject id");
        }
        return Arrays.stream(subjectIds).map(id -> prefix + FlagHash.requireSubject(id)).toList();
    }

    private void refreshCached() {
        try {
            if (!subscribed) {
                return; // nothing is cached while disconnected
            }
            for (String name : cache.names()) {
                Optional<FlagState> before = cache.cached(name);
                Optional<FlagState> after = cache.load(name, store::read);
                if (before != null && !before.equals(after)) {
                    known.put(name, after);
                    notifyListeners(name);
                }
            }
        } catch (RuntimeException e) {
            log.warn("periodic flag refresh failed; will retry", e); // an escaping exception would stop the schedule
        }
    }

    /** Re-reads a flag and tells the listeners if it differs from what this instance knew. */
    private void reread(String flag) {
        Optional<FlagState> fresh = store.read(flag);
        Optional<FlagState> before = known.put(flag, fresh);
        if (!fresh.equals(before == null ? Optional.empty() : before)) {
            notifyListeners(flag);
        }
    }

    /**
     * Runs a read right after a reconnection: the client's pool may still hold connections broken by
     * the same outage, each failing once (and dropped) before a fresh one answers.
     */
    private static <T> T afterReconnect(java.util.function.Supplier<T> read) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 32; attempt++) {
            try {
                return read.get();
            } catch (redis.clients.jedis.exceptions.JedisConnectionException e) {
                last = e;
            }
        }
        throw last;
    }

    private void notifyListeners(String flag) {
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(flag);
            } catch (RuntimeException e) {
                log.warn("flag listener failed for {}", LogText.escape(flag), e);
            }
        }
    }

    private final class SubscriptionEvents implements Subscription.Listener {
        @Override
        public void subscribed(boolean resubscribed) {
            cache.clear();
            // Learn (first time) or re-check (after an outage) every flag: messages sent while we were
            // away are lost, and only a comparison tells which flags really changed.
            Set<String> names = new TreeSet<>(known.keySet());
            Set<String> checked = new TreeSet<>();
            try {
                names.addAll(afterReconnect(store::names));
                for (String name : names) {
                    Optional<FlagState> fresh = afterReconnect(() -> store.read(name));
                    Optional<FlagState> before = known.put(name, fresh);
                    checked.add(name);
                    if (resubscribed && !fresh.equals(before == null ? Optional.empty() : before)) {
                        notifyListeners(name);
                    }
                }
            } catch (RuntimeException e) {
                log.warn("could not re-read flags after subscribing to {} ({}); telling listeners they may have changed",
                        store.channel(), e.toString());
                if (resubscribed) {
                    names.stream().filter(n -> !checked.contains(n)).forEach(FeatureFlags.this::notifyListeners);
                }
            }
            subscribed = true;
        }

        @Override
        public void message(String channel, String flag) {
            cache.invalidate(flag);
            try {
                reread(flag);
            } catch (RuntimeException e) {
                known.remove(flag);
                notifyListeners(flag); // announced but unreadable now: let listeners look for themselves
            }
        }

        @Override
        public void lost() {
            subscribed = false;
            cache.clear();
        }
    }
}
