package dev.capstan.examples.shortener;

import dev.capstan.examples.shortener.LinkStore.Link;
import dev.capstan.redis.Namespace;
import dev.capstan.redis.bloom.BloomFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Custom aliases, and a Bloom filter of every alias ever claimed that answers "is this code
 * taken?" for bulk imports: "certainly not" needs no Redis lookup, only a "maybe" is checked
 * against the link itself. Importing 10,000 aliases that are mostly new then costs one script
 * call for the filter and a lookup for the few it is unsure about, instead of 10,000 lookups.
 *
 * <p>An alias is added to the filter before it is claimed, so the filter never misses a taken
 * alias (a failed claim only leaves a harmless "maybe"). Aliases that expired stay in the filter
 * (Bloom filters cannot remove) and are found free by the exact lookup.
 */
public final class AliasDirectory {
    private final UnifiedJedis redis;
    private final LinkStore links;
    private final BloomFilter claimed;

    /** One import line: an alias, its target, and an optional expiry. */
    public record ImportItem(String alias, String url, Duration ttl) {}

    /**
     * What an import did.
     *
     * @param lookupsSkipped aliases the filter said were certainly free, so no lookup was sent for them
     */
    public record ImportReport(List<String> created, List<String> taken, List<String> invalid, int lookupsSkipped) {}

    /** A filter sized for {@code expectedAliases} at a 1% false-positive rate (about 1.2 MB per million). */
    public AliasDirectory(UnifiedJedis redis, Namespace ns, LinkStore links, long expectedAliases) {
        this.redis = redis;
        this.links = links;
        this.claimed = new BloomFilter(redis, ns, "shortener-aliases", expectedAliases, 0.01);
    }

    /** Claims one alias (SET NX); throws {@link LinkStore.AliasTakenException} when it is taken. */
    public Link claim(String alias, String url, Duration ttl) {
        if (ShortCodes.isValidAlias(alias)) {
            claimed.add(alias);
        }
        return links.claim(alias, url, ttl);
    }

    /** Which of {@code aliases} are taken right now: the filter first, a lookup only for its "maybe"s. */
    public Set<String> taken(Collection<String> aliases) {
        return lookUp(aliases).taken();
    }

    /** Claims every valid, free alias; reports the ones taken (before or during the import) and the invalid ones. */
    public ImportReport importAll(List<ImportItem> items) {
        List<ImportItem> valid = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (ImportItem item : items) {
            try {
                if (!ShortCodes.isValidAlias(item.alias())) {
                    throw new TargetUrls.InvalidLinkException("invalid alias");
                }
                TargetUrls.validate(item.url());
                LinkStore.checkTtl(item.ttl());
                valid.add(item);
            } catch (TargetUrls.InvalidLinkException e) {
                invalid.add(item.alias());
            }
        }
        Lookup lookup = lookUp(valid.stream().map(ImportItem::alias).toList());
        List<ImportItem> free = valid.stream().filter(i -> !lookup.taken().contains(i.alias())).toList();
        claimed.addAll(free.stream().map(ImportItem::alias).toList());
        List<String> created = new ArrayList<>();
        List<String> taken = new ArrayList<>(lookup.taken());
        List<Response<String>> replies = new ArrayList<>();
        try (AbstractPipeline pipe = redis.pipelined()) {
            for (ImportItem item : free) {
                SetParams nx = SetParams.setParams().nx();
                if (item.ttl() != null) {
                    nx.px(item.ttl().toMillis());
                }
                replies.add(pipe.set(links.keys().url(item.alias()), item.url(), nx));
            }
            pipe.sync();
        }
        for (int i = 0; i < free.size(); i++) {
            (replies.get(i).get() != null ? created : taken).add(free.get(i).alias()); // null: claimed meanwhile
        }
        return new ImportReport(created, taken, invalid, lookup.skipped());
    }

    private record Lookup(Set<String> taken, int skipped) {}

    private Lookup lookUp(Collection<String> aliases) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(aliases));
        if (distinct.isEmpty()) {
            return new Lookup(Set.of(), 0);
        }
        boolean[] maybe = claimed.mightContainAll(distinct);
        List<String> unsure = new ArrayList<>();
        for (int i = 0; i < distinct.size(); i++) {
            if (maybe[i]) {
                unsure.add(distinct.get(i));
            }
        }
        Set<String> taken = new LinkedHashSet<>();
        List<Response<Boolean>> exists = new ArrayList<>();
        try (AbstractPipeline pipe = redis.pipelined()) {
            unsure.forEach(alias -> exists.add(pipe.exists(links.keys().url(alias))));
            pipe.sync();
        }
        for (int i = 0; i < unsure.size(); i++) {
            if (exists.get(i).get()) {
                taken.add(unsure.get(i));
            }
        }
        return new Lookup(taken, distinct.size() - unsure.size());
    }
}
