package dev.capstan.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.JacksonJobCodec;
import dev.capstan.api.JobRequest;
import dev.capstan.redis.queue.QueueSettings;
import dev.capstan.redis.queue.ReliableFetcher;
import dev.capstan.testsupport.RedisClusterProcess;
import dev.capstan.testsupport.RedisServerProcess;
import dev.capstan.testsupport.TestCertificates;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Redis Cluster and Sentinel with an ACL user and TLS, on real redis-server processes with
 * certificates made for the test: the same credentials and TLS a {@code rediss://user:pass@} URL
 * gives a single server (issue 11). Skipped only if no certificate tool (openssl, keytool) exists.
 */
class SecuredConnectionsTest {
    static final String USER = "capstan";
    static final String PASSWORD = "acl-secret-for-tests";
    static TestCertificates certs;

    @BeforeAll
    static void certificates() {
        certs = TestCertificates.generate().orElse(null);
        Assumptions.assumeTrue(certs != null, "neither openssl nor keytool is available to make test certificates");
    }

    /** The client side as a user writes it: the ACL user, and TLS trusting the CA's PEM file. */
    private static RedisClientOptions secured() {
        return RedisClientOptions.none().credentials(USER, PASSWORD).tls(certs.caCert());
    }

    /** Enqueues into two queues and fetches one job back: keys in several slots, scripts by SHA, the lot. */
    private static void roundTrip(UnifiedJedis redis) {
        try (CapstanRedis capstan = new CapstanRedis(redis, QueueSettings.defaults(), new JacksonJobCodec())) {
            String mail = capstan.client().enqueue(JobRequest.of("send", Map.of("to", "ada")).queue("mail")).jobId();
            capstan.client().enqueue(JobRequest.of("charge", Map.of("cents", 1999)).queue("payments"));
            assertEquals(1, capstan.admin().queue("payments").size());
            var fetched = new ReliableFetcher(capstan.broker(), capstan.codec(), "mail", "w1").fetch(1, Duration.ZERO);
            assertEquals(mail, fetched.get(0).job().id());
        }
    }

    @Test
    void aClusterWithAnAclUserAndTlsRunsTheQueue() {
        try (RedisClusterProcess cluster = RedisClusterProcess.startSecured(3, certs, USER, PASSWORD)) {
            Set<HostAndPort> nodes = cluster.nodes();
            try (UnifiedJedis redis = RedisConnections.connectCluster(nodes, secured())) {
                roundTrip(redis);
            }
            // Without the user, or without TLS, the cluster refuses.
            assertThrows(JedisException.class, () -> {
                try (UnifiedJedis noAuth = RedisConnections.connectCluster(nodes, RedisClientOptions.none().tls(certs.clientContext()))) {
                    noAuth.set("k", "v");
                }
            });
            assertThrows(JedisException.class, () -> {
                try (UnifiedJedis plain = RedisConnections.connectCluster(nodes, RedisClientOptions.none().credentials(USER, PASSWORD))) {
                    plain.set("k", "v");
                }
            });
        }
    }

    @Test
    void aSentinelPrimaryAndTheSentinelsThemselvesWithAclUsersAndTls() {
        try (RedisServerProcess primary = RedisServerProcess.startTls(certs, "--user", "default", "off",
                "--user", USER, "on", ">" + PASSWORD, "~*", "&*", "+@all");
             RedisServerProcess sentinel = RedisServerProcess.startSentinel("capstan-primary", primary.port(), certs, List.of(
                     "user default off", "user watcher on >watcher-secret-for-tests ~* &* +@all",
                     "sentinel auth-user capstan-primary " + USER, "sentinel auth-pass capstan-primary " + PASSWORD))) {
            Set<HostAndPort> sentinels = Set.of(new HostAndPort(sentinel.host(), sentinel.port()));
            RedisClientOptions sentinelLogin = RedisClientOptions.none().credentials("watcher", "watcher-secret-for-tests")
                    .tls(certs.clientContext());
            try (UnifiedJedis redis = RedisConnections.connectSentinel("capstan-primary", sentinels, secured(), sentinelLogin)) {
                roundTrip(redis);
            }
            // The Sentinels' own login is checked too.
            assertThrows(JedisException.class, () -> RedisConnections.connectSentinel("capstan-primary", sentinels, secured(),
                    RedisClientOptions.none().tls(certs.clientContext())).close());
        }
    }

    @Test
    void aSingleServerUrlWithUserPasswordAndTlsUsesTheSameOptions() {
        try (RedisServerProcess server = RedisServerProcess.startTls(certs, "--user", "default", "off",
                "--user", USER, "on", ">" + PASSWORD, "~*", "&*", "+@all")) {
            String url = "rediss://" + USER + ":" + PASSWORD + "@127.0.0.1:" + server.port();
            RedisClientOptions fromUrl = RedisClientOptions.fromUrl(url);
            assertEquals(USER, fromUrl.user());
            assertTrue(fromUrl.tlsEnabled() && fromUrl.verifiesHostname() && fromUrl.hasPassword());
            assertTrue(!fromUrl.toString().contains(PASSWORD), fromUrl.toString());
            try (UnifiedJedis redis = RedisConnections.connect(url, fromUrl.tls(certs.clientContext()))) {
                roundTrip(redis);
            }
            // The JDK's own trust store does not know the test's authority: the certificate is refused.
            assertThrows(JedisException.class, () -> {
                try (UnifiedJedis untrusted = RedisConnections.connect(url)) {
                    untrusted.ping();
                }
            });
        }
    }
}
