package dev.capstan.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A tiny browser stand-in for API tests: one cookie, no redirects followed. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client;
    private final String base;
    String cookie;

    Http(Dashboard dashboard) {
        this(dashboard, null);
    }

    /** A client whose connections come from {@code localAddress} (e.g. 127.0.0.2: another "machine" on loopback). */
    Http(Dashboard dashboard, java.net.InetAddress localAddress) {
        this.base = "http://127.0.0.1:" + dashboard.port() + "/";
        HttpClient.Builder b = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5));
        if (localAddress != null) {
            b.localAddress(localAddress);
        }
        this.client = b.build();
    }

    static Http from(Dashboard dashboard, String localAddress) {
        try {
            return new Http(dashboard, java.net.InetAddress.getByName(localAddress));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    JsonNode getJson(String path) {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return json(r);
    }

    HttpResponse<String> post(String path, String csrf) {
        HttpRequest.Builder b = request(path).POST(HttpRequest.BodyPublishers.noBody());
        if (csrf != null) {
            b.header(SessionAuth.CSRF_HEADER, csrf);
        }
        return send(b);
    }

    HttpResponse<String> login(String user, String password) {
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> r = send(request("login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        r.headers().firstValue("Set-Cookie").ifPresent(c -> cookie = c.substring(0, c.indexOf(';')));
        return r;
    }

    String csrf() {
        return getJson("api/session").get("csrfToken").asText();
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
