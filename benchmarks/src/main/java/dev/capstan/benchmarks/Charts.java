package dev.capstan.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;

/** PNG charts of benchmark results (XChart, headless). */
final class Charts {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 420;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /** One bar per implementation for one metric, e.g. jobs/s of Capstan and BullMQ. */
    static Path bars(Path dir, String file, String title, String yTitle, List<String> names, List<Number> values) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(14f));
        chart.addSeries(yTitle, names, values);
        return save(chart, dir, file);
    }

    /** Bars per category for several series (e.g. Capstan and Redisson per operation); series keep their map order. */
    static Path groupedBars(Path dir, String file, String title, String yTitle, List<String> categories,
                            java.util.Map<String, List<Number>> series) {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(HEIGHT)
                .title(title).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setXAxisLabelRotation(30);
        chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(13f));
        new java.util.TreeMap<>(series).forEach((name, values) -> chart.addSeries(name, categories, values));
        return save(chart, dir, file);
    }

    /** Counts of enqueue-to-start latencies in linear buckets up to the 99.9th percentile. */
    static Path latencyHistogram(Histogram micros, int rate, Path dir) {
        // Up to twice the p99: the tail beyond is in the title and the JSON line, not worth squashing the body for.
        long top = Math.max(1_000, 2 * micros.getValueAtPercentile(99));
        long width = Math.max(1, top / 80);
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (HistogramIterationValue v : micros.linearBucketValues(width)) {
            if (v.getValueIteratedFrom() > top) {
                break;
            }
            x.add(v.getValueIteratedFrom() / 1000.0);
            y.add((double) v.getCountAddedInThisIterationStep());
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(String.format("Capstan enqueue-to-start latency, %,d jobs/s: p50 %.2f ms, p99 %.2f ms, max %.1f ms",
                        rate, micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(99) / 1000.0, micros.getMaxValue() / 1000.0))
                .xAxisTitle("enqueue-to-start latency (ms), up to 2 x p99").yAxisTitle("jobs").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.StepArea);
        chart.getStyler().setLegendPosition(LegendPosition.InsideNE);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(13f));
        if (x.isEmpty()) {
            x.add(0.0);
            y.add(0.0);
        }
        chart.addSeries("jobs", x, y);
        return save(chart, dir, "latency-histogram.png");
    }

    private static Path save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path dir, String file) {
        try {
            Files.createDirectories(dir);
            Path out = dir.resolve(file);
            BitmapEncoder.saveBitmap(chart, out.toString(), BitmapFormat.PNG);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write chart " + file, e);
        }
    }
}
