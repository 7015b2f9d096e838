package dev.capstan.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Summarises a compare.sh results file (one JSON line per run: ours from {@code throughput}, the
 * peer's from {@code bullmq-bench.mjs}, command counts from {@code count-commands}, and the scale-out,
 * Cluster and cold-start lines): the median of each figure per implementation, the ratio ours/peer
 * (the median of the per-round ratios, rounds paired in the order they ran, and the ratio of the
 * medians), each issue target with whether it is met, and PNG charts. See {@link Summary}.
 */
@Command(name = "charts", mixinStandardHelpOptions = true,
        description = "Summarise compare.sh results (medians, ratios ours/peer, targets) and draw charts.")
final class ChartsCommand implements Callable<Integer> {

    @Option(names = "--results", required = true, description = "JSON-lines file written by compare.sh.")
    Path results;

    @Option(names = "--primitives", description = "Also redraw primitives-ops-per-s.png from this primitives JSON line (needs --out).")
    Path primitives;

    @Option(names = "--out", description = "Directory for the PNG charts (none if omitted).")
    Path out;

    @Override
    public Integer call() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(results)) {
            if (!line.isBlank()) {
                lines.add(Progress.json().readTree(line));
            }
        }
        Summary summary = Summary.of(lines);
        summary.print();
        if (out != null) {
            for (Path png : SummaryCharts.draw(summary, out)) {
                Progress.log("wrote %s", png);
            }
        }
        if (primitives != null && out != null) {
            JsonNode p = Progress.json().readTree(Files.readString(primitives).strip());
            Progress.log("wrote %s", PrimitivesCommand.chart(p.get("results"), out));
        }
        Progress.result(summary.json());
        return 0;
    }

    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
