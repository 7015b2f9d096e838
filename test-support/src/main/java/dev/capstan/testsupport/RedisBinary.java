package dev.capstan.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Finds a {@code redis-server} executable for tests.
 *
 * <p>Order: the path in system property {@code capstan.test.redis.binary} (or the word
 * {@code embedded} to force the bundled 6.2 binary), then {@code redis-server} on PATH, then the
 * Linux binary shipped inside the {@code com.github.codemonstur:embedded-redis} jar (Redis 6.2,
 * our oldest supported version), so a machine without Redis still runs the suite.
 */
public final class RedisBinary {
    static final String PROPERTY = "capstan.test.redis.binary";
    private static final String EMBEDDED_RESOURCE = "/redis-server-6.2.6-v5-linux-amd64";
    private static Path extracted;

    private RedisBinary() {}

    /** The executable to run, resolved once per JVM. */
    public static synchronized Path locate() {
        String wanted = System.getProperty(PROPERTY, System.getenv("CAPSTAN_TEST_REDIS_BINARY"));
        if (wanted != null && !wanted.isBlank()) {
            return "embedded".equals(wanted) ? embedded() : Path.of(wanted);
        }
        Path onPath = findOnPath("redis-server");
        return onPath != null ? onPath : embedded();
    }

    /** The Redis 6.2 binary from the embedded-redis artifact, extracted to a temp file once. */
    public static synchronized Path embedded() {
        if (extracted != null && Files.isExecutable(extracted)) {
            return extracted;
        }
        try (InputStream in = RedisBinary.class.getResourceAsStream(EMBEDDED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("No redis-server on PATH and the embedded-redis jar has no "
                        + EMBEDDED_RESOURCE + "; install redis-server or set REDIS_URL");
            }
            Path dir = Files.createTempDirectory("capstan-redis-bin");
            Path file = dir.resolve("redis-server-6.2");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            extracted = file;
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not extract the embedded redis-server", e);
        }
    }

    static Path findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
