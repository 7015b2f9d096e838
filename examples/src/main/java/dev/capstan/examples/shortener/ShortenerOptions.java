package dev.capstan.examples.shortener;

import java.time.Duration;

/**
 * How the shortener behaves.
 *
 * @param createsPerMinute   links one client (IP address) may create per minute, on average
 * @param createBurst        links one client may create at once after a quiet spell
 * @param permanentRedirects answer 301 (cached by browsers, so repeat clicks are not counted) instead
 *                           of 302 for links that never expire; expiring links always get 302
 * @param publicBaseUrl      the base of the short URLs handed out, e.g. "https://sho.rt/"; null uses
 *                           the request's Host header
 * @param aggregateEvery     how often the click aggregation job runs
 */
public record ShortenerOptions(int createsPerMinute, int createBurst, boolean permanentRedirects, String publicBaseUrl,
                               Duration aggregateEvery) {

    public static ShortenerOptions defaults() {
        return new ShortenerOptions(30, 10, false, null, Duration.ofSeconds(1));
    }

    public ShortenerOptions withCreateLimit(int perMinute, int burst) {
        return new ShortenerOptions(perMinute, burst, permanentRedirects, publicBaseUrl, aggregateEvery);
    }

    public ShortenerOptions withPermanentRedirects(boolean permanent) {
        return new ShortenerOptions(createsPerMinute, createBurst, permanent, publicBaseUrl, aggregateEvery);
    }

    public ShortenerOptions withPublicBaseUrl(String url) {
        return new ShortenerOptions(createsPerMinute, createBurst, permanentRedirects, url, aggregateEvery);
    }
}
