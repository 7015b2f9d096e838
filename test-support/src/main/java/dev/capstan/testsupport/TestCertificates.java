package dev.capstan.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway certificate authority and a server certificate it signed (for 127.0.0.1 and
 * localhost), made fresh for a test: PEM files for redis-server's {@code tls-*} options, and an
 * {@link SSLContext} that trusts the authority, for clients. Made with {@code openssl} when it is
 * installed, else with the JDK's {@code keytool}; {@link #generate} is empty if neither exists.
 */
public final class TestCertificates {
    private static final String STORE_PASSWORD = "capstan-test";

    private final Path caCert;
    private final Path cert;
    private final Path key;

    private TestCertificates(Path caCert, Path cert, Path key) {
        this.caCert = caCert;
        this.cert = cert;
        this.key = key;
    }

    /** Certificates in a new temporary directory, or empty when neither openssl nor keytool can be run. */
    public static Optional<TestCertificates> generate() {
        try {
            Path dir = Files.createTempDirectory("capstan-tls");
            dir.toFile().deleteOnExit(); // registered first, so deleted last: after the files in it
            Path openssl = RedisBinary.findOnPath("openssl");
            Optional<TestCertificates> made = Optional.empty();
            if (openssl != null && !"keytool".equals(System.getProperty("capstan.test.certs"))) {
                made = Optional.of(withOpenssl(openssl, dir));
            } else {
                Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
                if (Files.isExecutable(keytool)) {
                    made = Optional.of(withKeytool(keytool, dir));
                }
            }
            try (var files = Files.list(dir)) {
                files.forEach(f -> f.toFile().deleteOnExit());
            }
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path caCert() {
        return caCert;
    }

    public Path cert() {
        return cert;
    }

    public Path key() {
        return key;
    }

    /** redis-server options for these files (no client certificates required). */
    public List<String> redisServerArgs() {
        return List.of("--tls-cert-file", cert.toString(), "--tls-key-file", key.toString(),
                "--tls-ca-cert-file", caCert.toString(), "--tls-auth-clients", "no");
    }

    /** The same as configuration file lines (for a Sentinel). */
    public List<String> configLines() {
        return List.of("tls-cert-file " + cert, "tls-key-file " + key, "tls-ca-cert-file " + caCert, "tls-auth-clients no");
    }

    /** A TLS context that trusts this authority (and nothing else). */
    public SSLContext clientContext() {
        try (InputStream in = Files.newInputStream(caCert)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("capstan-test-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TestCertificates withOpenssl(Path openssl, Path dir) {
        String o = openssl.toString();
        Path ext = dir.resolve("server.ext");
        write(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                + "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\n");
        run(dir, o, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
                "-subj", "/CN=Capstan Test CA");
        run(dir, o, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "redis.key", "-out", "redis.csr", "-subj", "/CN=localhost");
        run(dir, o, "x509", "-req", "-in", "redis.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "redis.crt", "-days", "2", "-extfile", ext.toString());
        return new TestCertificates(dir.resolve("ca.crt"), dir.resolve("redis.crt"), dir.resolve("redis.key"));
    }

    private static TestCertificates withKeytool(Path keytool, Path dir) {
        String k = keytool.toString();
        String store = dir.resolve("test.p12").toString();
        List<String> common = List.of("-keystore", store, "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
        run(dir, concat(List.of(k, "-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=Capstan Test CA", "-ext", "bc:c"), common));
        run(dir, concat(List.of(k, "-genkeypair", "-alias", "redis", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost"), common));
        run(dir, concat(List.of(k, "-certreq", "-alias", "redis", "-file", "redis.csr"), common));
        run(dir, concat(List.of(k, "-gencert", "-alias", "ca", "-infile", "redis.csr", "-outfile", "redis.crt", "-rfc",
                "-validity", "2", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-ext", "EKU=serverAuth,clientAuth"), common));
        run(dir, concat(List.of(k, "-exportcert", "-alias", "ca", "-rfc", "-file", "ca.crt"), common));
        try (InputStream in = Files.newInputStream(Path.of(store))) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, STORE_PASSWORD.toCharArray());
            Key key = ks.getKey("redis", STORE_PASSWORD.toCharArray());
            write(dir.resolve("redis.key"), pem("PRIVATE KEY", key.getEncoded())); // PKCS#8, which redis-server reads
            Certificate unused = ks.getCertificate("ca");
            if (unused == null) {
                throw new IllegalStateException("keytool made no CA certificate");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return new TestCertificates(dir.resolve("ca.crt"), dir.resolve("redis.crt"), dir.resolve("redis.key"));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void run(Path dir, String... cmd) {
        run(dir, List.of(cmd));
    }

    private static void run(Path dir, List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
