package dev.capstan.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Parses a Prometheus text exposition with the Prometheus project's own parser (the official Python
 * client's {@code prometheus_client.parser}, Debian package {@code python3-prometheus-client}), so a
 * test checks our output against the format's reference reader rather than against our own reading.
 * Without that package a test is skipped, except under CI ({@code CI=true}), where it fails.
 */
public final class PrometheusTextParser {
    /** One sample: its full name (e.g. {@code x_bucket}), labels and value. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    /** One metric family: name (without {@code _total} for counters, as the parser reports it), type and samples. */
    public record Family(String name, String type, List<Sample> samples) {

        /** The value of the sample named {@code sampleName} whose labels include {@code labels}. */
        public Optional<Double> value(String sampleName, Map<String, String> labels) {
            return samples.stream()
                    .filter(s -> s.name().equals(sampleName) && s.labels().entrySet().containsAll(labels.entrySet()))
                    .map(Sample::value).findFirst();
        }
    }

    private static final String SCRIPT = """
            import sys
            from prometheus_client.parser import text_string_to_metric_families
            text = open(sys.argv[1], encoding='utf-8').read()
            out = []
            for f in text_string_to_metric_families(text):
                out.append('F\\t%s\\t%s' % (f.name, f.type))
                for s in f.samples:
                    labels = '\\x1f'.join('%s=%s' % (k, v) for k, v in sorted(s.labels.items()))
                    out.append('S\\t%s\\t%s\\t%s\\t%r' % (f.name, s.name, labels, float(s.value)))
            sys.stdout.write('\\n'.join(out))
            """;

    private PrometheusTextParser() {}

    /** Families by name, in the order of the exposition; throws if the parser rejects the text. */
    public static Map<String, Family> parse(String exposition) {
        String python = python();
        try {
            Path file = Files.createTempFile("capstan-scrape", ".txt");
            try {
                Files.writeString(file, exposition, StandardCharsets.UTF_8);
                Process p = new ProcessBuilder(python, "-c", SCRIPT, file.toString()).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalArgumentException("the Prometheus parser rejected the exposition: " + out);
                }
                return read(out);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run the Prometheus parser", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Family> read(String out) {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f[0].equals("F")) {
                types.put(f[1], f[2]);
                samples.putIfAbsent(f[1], new ArrayList<>());
            } else {
                Map<String, String> labels = new LinkedHashMap<>();
                if (!f[3].isEmpty()) {
                    for (String kv : f[3].split("\u001f")) {
                        int eq = kv.indexOf('=');
                        labels.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
                samples.get(f[1]).add(new Sample(f[2], labels, Double.parseDouble(f[4])));
            }
        }
        Map<String, Family> families = new LinkedHashMap<>();
        types.forEach((name, type) -> families.put(name, new Family(name, type, List.copyOf(samples.get(name)))));
        return families;
    }

    /** Debian's python3 (where the Debian package installs the parser), else the first python3 on PATH that has it. */
    private static String python() {
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import prometheus_client.parser").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException e) {
                // not there: try the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        String message = "the Prometheus text parser (Debian package python3-prometheus-client) is not installed";
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(message + "; .ci/run installs it");
        }
        Assumptions.abort(message);
        return null;
    }
}
