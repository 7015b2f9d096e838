package dev.capstan.redis;

import java.net.URI;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import redis.clients.jedis.DefaultJedisClientConfig;

/**
 * How to authenticate to Redis and whether to speak TLS: the settings a {@code redis://user:pass@}
 * or {@code rediss://} URL carries, for the connections that have no single URL (Redis Cluster
 * nodes, a Sentinel-watched primary and the Sentinels themselves). Immutable; each method returns a
 * changed copy.
 *
 * <pre>{@code
 * RedisClientOptions options = RedisClientOptions.none()
 *         .credentials("capstan", System.getenv("REDIS_PASSWORD"))   // an ACL user (Redis 6+)
 *         .tls(sslContext);                                          // trusting your CA; .tls() for the JDK's
 * UnifiedJedis redis = RedisConnections.connectCluster(nodes, options);
 * }</pre>
 *
 * <p>With TLS the server's certificate must name the host connected to (for a cluster, every
 * address the nodes announce, e.g. an IP address in the certificate's subject alternative names);
 * {@link #withoutHostnameVerification()} turns that check off for certificates that cannot.
 */
public final class RedisClientOptions {
    private static final RedisClientOptions NONE = new RedisClientOptions(null, null, false, null, true);

    private final String user;
    private final String password;
    private final boolean tls;
    private final SSLContext sslContext;
    private final boolean verifyHostname;

    private RedisClientOptions(String user, String password, boolean tls, SSLContext sslContext, boolean verifyHostname) {
        this.user = user;
        this.password = password;
        this.tls = tls;
        this.sslContext = sslContext;
        this.verifyHostname = verifyHostname;
    }

    /** No credentials, no TLS. */
    public static RedisClientOptions none() {
        return NONE;
    }

    /**
     * The user, password and TLS of a Redis URL: {@code redis://user:password@host:port},
     * {@code redis://:password@host} (the default user's password) and {@code rediss://} for TLS.
     * Host, port and database are not options: they stay with the URL.
     */
    public static RedisClientOptions fromUrl(String url) {
        URI uri = RedisConnections.parse(url);
        RedisClientOptions options = NONE;
        if (uri.getUserInfo() != null) {
            String[] parts = uri.getUserInfo().split(":", 2);
            options = parts.length == 2
                    ? options.credentials(parts[0].isEmpty() ? null : parts[0], parts[1])
                    : options.password(parts[0]);
        }
        return "rediss".equals(uri.getScheme()) ? options.tls() : options;
    }

    /** An ACL user and its password (Redis 6+); a null user means the default user. */
    public RedisClientOptions credentials(String user, String password) {
        return new RedisClientOptions(user, Objects.requireNonNull(password, "password"), tls, sslContext, verifyHostname);
    }

    /** The default user's password ({@code requirepass}). */
    public RedisClientOptions password(String password) {
        return credentials(null, password);
    }

    /** TLS, trusting the JDK's default trust store (or {@code javax.net.ssl.trustStore}). */
    public RedisClientOptions tls() {
        return new RedisClientOptions(user, password, true, sslContext, verifyHostname);
    }

    /** TLS with {@code context}: its trust managers decide which server certificates are trusted, its key managers give a client certificate. */
    public RedisClientOptions tls(SSLContext context) {
        return new RedisClientOptions(user, password, true, Objects.requireNonNull(context, "context"), verifyHostname);
    }

    /**
     * TLS trusting the certificate authority in the PEM file {@code caCertificate} (and only it): the
     * usual setup for Redis with certificates from a private CA, e.g. the file redis-server's
     * {@code tls-ca-cert-file} names.
     */
    public RedisClientOptions tls(java.nio.file.Path caCertificate) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(caCertificate)) {
            java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int n = 0;
            for (java.security.cert.Certificate c : java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + n++, c);
            }
            if (n == 0) {
                throw new IllegalArgumentException("no certificate in " + caCertificate);
            }
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return tls(context);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the CA certificate " + caCertificate, e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("not a usable CA certificate: " + caCertificate + ": " + e.getMessage(), e);
        }
    }

    /** Accepts a trusted certificate even if it does not name the host connected to. Weaker: use only when the certificates cannot name the hosts. */
    public RedisClientOptions withoutHostnameVerification() {
        return new RedisClientOptions(user, password, tls, sslContext, false);
    }

    public String user() {
        return user;
    }

    public boolean hasPassword() {
        return password != null;
    }

    public boolean tlsEnabled() {
        return tls;
    }

    public boolean verifiesHostname() {
        return verifyHostname;
    }

    /** Sets these options on a Jedis client configuration. */
    DefaultJedisClientConfig.Builder applyTo(DefaultJedisClientConfig.Builder config) {
        if (password != null) {
            if (user != null) {
                config.user(user);
            }
            config.password(password);
        }
        if (tls) {
            config.ssl(true);
            if (sslContext != null) {
                config.sslSocketFactory(sslContext.getSocketFactory());
            }
            SSLParameters parameters = new SSLParameters();
            // "HTTPS" = check the certificate's names against the host, as a browser does.
            parameters.setEndpointIdentificationAlgorithm(verifyHostname ? "HTTPS" : null);
            config.sslParameters(parameters);
        }
        return config;
    }

    /** Says what is set, never the password. */
    @Override
    public String toString() {
        return "RedisClientOptions[user=" + (user == null ? "(default)" : user) + ", password=" + (password == null ? "none" : "***")
                + ", tls=" + tls + (tls ? ", verifyHostname=" + verifyHostname + ", sslContext=" + (sslContext == null ? "JDK default" : "custom") : "")
                + "]";
    }
}
