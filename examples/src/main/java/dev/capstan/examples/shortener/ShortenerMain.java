package dev.capstan.examples.shortener;

import dev.capstan.examples.DemoRedis;
import dev.capstan.examples.WaitForCtrlC;
import dev.capstan.examples.shortener.AliasDirectory.ImportItem;
import dev.capstan.redis.CapstanRedis;
import java.time.Duration;
import java.util.List;

/**
 * Runs the URL shortener until Ctrl-C: on the Redis at {@code REDIS_URL}, or on a local one it
 * starts; HTTP port {@code SHORTENER_PORT} (default 8090).
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=dev.capstan.examples.shortener.ShortenerMain
 * </pre>
 */
public final class ShortenerMain {
    private ShortenerMain() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("SHORTENER_PORT", "8090"));
        DemoRedis redis = DemoRedis.open();
        CapstanRedis capstan = CapstanRedis.connect(redis.url());
        Shortener shortener = Shortener.start(capstan, ShortenerOptions.defaults(), port);

        // tag::import[]
        // A bulk import of aliases: the Bloom filter spares the lookups of the ones never claimed.
        AliasDirectory.ImportReport report = shortener.aliases().importAll(List.of(
                new ImportItem("docs", "https://example.com/docs", null),
                new ImportItem("blog", "https://example.com/blog", Duration.ofDays(30))));
        System.out.printf("imported %s; taken already: %s; lookups spared by the Bloom filter: %d%n",
                report.created(), report.taken(), report.lookupsSkipped());
        // end::import[]

        String base = "http://localhost:" + shortener.port();
        System.out.printf("""

                URL shortener on %s (Redis at %s). Try:
                  curl -si -X POST %s/links -H 'Content-Type: application/json' -d '{"url": "https://example.com/a/long/path"}'
                  curl -si -X POST %s/links -d '{"url": "https://example.com", "alias": "my-link", "ttlSeconds": 3600}'
                  curl -si %s/my-link
                  curl -s  %s/links/my-link/stats
                Ctrl-C stops it.
                """, base, redis.embedded() ? "a local server" : "REDIS_URL", base, base, base, base);
        WaitForCtrlC.thenClose(redis, capstan, shortener);
    }
}
