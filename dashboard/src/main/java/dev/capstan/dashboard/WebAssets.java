package dev.capstan.dashboard;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The page's files, read once from the classpath ({@code dev/capstan/dashboard/web/}). A fixed
 * list rather than a static-file handler: nothing else on the classpath can be served by mistake,
 * and no build step or CDN is involved.
 */
final class WebAssets {
    private record Asset(byte[] bytes, String contentType) {}

    private final Map<String, Asset> assets = Map.ofEntries(
            asset("index.html", "text/html; charset=utf-8"),
            asset("login.html", "text/html; charset=utf-8"),
            asset("app.js", "text/javascript; charset=utf-8"),
            asset("charts.js", "text/javascript; charset=utf-8"),
            asset("workers-schedules-flags.js", "text/javascript; charset=utf-8"),
            asset("lifecycle.js", "text/javascript; charset=utf-8"),
            asset("queues.js", "text/javascript; charset=utf-8"),
            asset("app.css", "text/css; charset=utf-8"),
            asset("login.js", "text/javascript; charset=utf-8"),
            asset("favicon.svg", "image/svg+xml"));

    void serve(Context ctx, String name) {
        Asset asset = assets.get(name);
        if (asset == null) {
            ctx.status(404).result("not found");
            return;
        }
        ctx.contentType(asset.contentType()).result(asset.bytes());
    }

    private static Map.Entry<String, Asset> asset(String name, String contentType) {
        return Map.entry(name, load(name, contentType));
    }

    private static Asset load(String name, String contentType) {
        String path = "web/" + name;
        try (InputStream in = WebAssets.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("dashboard asset missing from the jar: " + path);
            }
            return new Asset(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
