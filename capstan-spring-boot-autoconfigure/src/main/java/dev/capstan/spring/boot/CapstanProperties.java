package dev.capstan.spring.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Capstan's settings under {@code capstan.*} in {@code application.yml}.
 *
 * <pre>
 * capstan:
 *   namespace: capstan
 *   redis:
 *     url: redis://localhost:6379          # or cluster.nodes, or sentinel.master + sentinel.nodes
 *   worker:
 *     queues: [critical, default]          # strict priority; or weights: {payments: 3, default: 1}
 *     concurrency: 20
 *   dashboard:
 *     enabled: true
 *     path: /capstan
 *   schedules:
 *     nightly-report: {cron: "0 30 2 * * *", zone: Europe/Berlin, type: nightly-report, args: '{"kind":"daily"}'}
 * </pre>
 */
@ConfigurationProperties("capstan")
public class CapstanProperties {
    /** Prefix of every Redis key Capstan writes. */
    private String namespace = "capstan";
    private final Redis redis = new Redis();
    private final Worker worker = new Worker();
    private final Dashboard dashboard = new Dashboard();
    /** Periodic schedules by id, saved (created or updated) at start-up. */
    private Map<String, Schedule> schedules = new LinkedHashMap<>();

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public Redis getRedis() {
        return redis;
    }

    public Worker getWorker() {
        return worker;
    }

    public Dashboard getDashboard() {
        return dashboard;
    }

    public Map<String, Schedule> getSchedules() {
        return schedules;
    }

    public void setSchedules(Map<String, Schedule> schedules) {
        this.schedules = schedules;
    }

    /** Where Redis is: a URL (single server), Cluster nodes, or a primary behind Sentinel. */
    public static class Redis {
        /** A single server: redis://[user:password@]host:port[/db]; rediss:// for TLS. */
        private String url = "redis://localhost:6379";
        /** User name (ACL); overrides one in the URL. */
        private String username;
        /** Password; overrides one in the URL. */
        private String password;
        private final Cluster cluster = new Cluster();
        private final Sentinel sentinel = new Sentinel();
        private final Ssl ssl = new Ssl();

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public Cluster getCluster() {
            return cluster;
        }

        public Sentinel getSentinel() {
            return sentinel;
        }

        public Ssl getSsl() {
            return ssl;
        }
    }

    public static class Cluster {
        /** Any nodes of a Redis Cluster, as host:port; when set, the URL is not used. */
        private List<String> nodes = new ArrayList<>();

        public List<String> getNodes() {
            return nodes;
        }

        public void setNodes(List<String> nodes) {
            this.nodes = nodes;
        }
    }

    public static class Sentinel {
        /** The name the sentinels know the primary by; with nodes, Capstan follows failovers. */
        private String master;
        /** The sentinels, as host:port. */
        private List<String> nodes = new ArrayList<>();
        /** Password of the sentinels themselves, when they require one. */
        private String password;

        public String getMaster() {
            return master;
        }

        public void setMaster(String master) {
            this.master = master;
        }

        public List<String> getNodes() {
            return nodes;
        }

        public void setNodes(List<String> nodes) {
            this.nodes = nodes;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }
    }

    public static class Ssl {
        /** TLS to Redis (also turned on by a rediss:// URL). */
        private boolean enabled;
        /** A Spring Boot SSL bundle (spring.ssl.bundle.*) with the trust store and, for mutual TLS, the key store. */
        private String bundle;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getBundle() {
            return bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }
    }

    public static class Worker {
        /** Whether this application runs a worker for its JobHandler beans. */
        private boolean enabled = true;
        /** Queues in strict priority (a later one is served only when earlier ones are empty). */
        private List<String> queues = new ArrayList<>(List.of("default"));
        /** Queues by weight instead (each fetch round draws an order by weight); wins over queues. */
        private Map<String, Integer> weights = new LinkedHashMap<>();
        /** How many jobs run at once. */
        private int concurrency = 10;
        /** How long a shutdown waits for running jobs before pushing them back. */
        private Duration shutdownTimeout = Duration.ofSeconds(25);
        /** Run jobs on platform threads instead of virtual threads. */
        private boolean platformThreads;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public List<String> getQueues() {
            return queues;
        }

        public void setQueues(List<String> queues) {
            this.queues = queues;
        }

        public Map<String, Integer> getWeights() {
            return weights;
        }

        public void setWeights(Map<String, Integer> weights) {
            this.weights = weights;
        }

        public int getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }

        public Duration getShutdownTimeout() {
            return shutdownTimeout;
        }

        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }

        public boolean isPlatformThreads() {
            return platformThreads;
        }

        public void setPlatformThreads(boolean platformThreads) {
            this.platformThreads = platformThreads;
        }
    }

    public static class Dashboard {
        /** Serve the dashboard inside this application's web server. */
        private boolean enabled;
        /** Where: the dashboard's page and API live under this path. */
        private String path = "/capstan";
        /** The dashboard's own login, used when Spring Security is not in the application. */
        private String username = "admin";
        private String password;
        /** With Spring Security: a role the user must have (checked with isUserInRole); any authenticated user when unset. */
        private String role;
        /**
         * Host names the dashboard answers to (Host header, and Origin of its POSTs), e.g. jobs.example.com or
         * *.example.com; empty: whatever host the application's server answers to.
         */
        private java.util.List<String> allowedHosts = new java.util.ArrayList<>();

        public java.util.List<String> getAllowedHosts() {
            return allowedHosts;
        }

        public void setAllowedHosts(java.util.List<String> allowedHosts) {
            this.allowedHosts = allowedHosts;
        }

        public String getRole() {
            return role;
        }

        public void setRole(String role) {
            this.role = role;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }
    }

    /** A periodic schedule: {@code cron} (with {@code zone}) or {@code every}, the job {@code type} and its JSON {@code args}. */
    public static class Schedule {
        private String cron;
        private String zone = "UTC";
        private Duration every;
        private String type;
        private String args = "{}";
        private String queue = "default";
        private boolean enabled = true;

        public String getCron() {
            return cron;
        }

        public void setCron(String cron) {
            this.cron = cron;
        }

        public String getZone() {
            return zone;
        }

        public void setZone(String zone) {
            this.zone = zone;
        }

        public Duration getEvery() {
            return every;
        }

        public void setEvery(Duration every) {
            this.every = every;
        }

        public String getType() {
            return type;
        }

        public void setType(String type) {
            this.type = type;
        }

        public String getArgs() {
            return args;
        }

        public void setArgs(String args) {
            this.args = args;
        }

        public String getQueue() {
            return queue;
        }

        public void setQueue(String queue) {
            this.queue = queue;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
