package dev.tally.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** One sampled quantity (RSS, threads, ...) over time, one line per service (or table), and its growth check. */
final class SoakSeries {

    /** The growth a series of a service may show from the second third of the run to the last. */
    static final double BOUND = 0.10;

    private final String name;
    private final String unit;
    private final Map<String, List<double[]>> lines = new LinkedHashMap<>();

    SoakSeries(String name, String unit) {
        this.name = name;
        this.unit = unit;
    }

    String name() {
        return name;
    }

    String fileName() {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    void add(String of, double minute, double value) {
        lines.computeIfAbsent(of, o -> new ArrayList<>()).add(new double[] {minute, value});
    }

    /** "RSS of write-side-1: 212 → 230 MiB (+8%)" for every line that grew beyond {@link #BOUND}. */
    List<String> grewBeyondBound() {
        List<String> grew = new ArrayList<>();
        lines.forEach((of, points) -> {
            double[] thirds = thirds(points);
            if (thirds[1] > thirds[0] * (1 + BOUND) && thirds[1] - thirds[0] > noiseFloor()) {
                grew.add(String.format(Locale.ROOT, "%s of %s: %.1f -> %.1f %s", name, of, thirds[0], thirds[1], unit));
            }
        });
        return grew;
    }

    List<String> tableRows() {
        List<String> rows = new ArrayList<>();
        lines.forEach((of, points) -> {
            double[] thirds = thirds(points);
            double growth = thirds[0] == 0 ? 0 : (thirds[1] - thirds[0]) / thirds[0];
            boolean within = name.equals("table sizes") || !(growth > BOUND && thirds[1] - thirds[0] > noiseFloor());
            rows.add(String.format(Locale.ROOT, "| %s | %s | %s | %.1f | %.1f | %.1f | %.1f | %+.0f%% | %s |", name, of,
                    unit, points.get(0)[1], thirds[0], thirds[1], points.get(points.size() - 1)[1], growth * 100,
                    name.equals("table sizes") ? "(not bounded)" : within ? "yes" : "**no**"));
        });
        return rows;
    }

    List<String> csvRows() {
        List<String> rows = new ArrayList<>();
        lines.forEach((of, points) -> points.forEach(p -> rows.add(
                String.format(Locale.ROOT, "%s,%s,%.2f,%.2f", name, of, p[0], p[1]))));
        return rows;
    }

    void writePng(Path png) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        lines.forEach((of, points) -> {
            XYSeries line = new XYSeries(of);
            points.forEach(p -> line.add(p[0], p[1]));
            data.addSeries(line);
        });
        JFreeChart chart = ChartFactory.createXYLineChart("Soak: " + name, "minutes", unit, data,
                PlotOrientation.VERTICAL, true, false, false);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 500);
    }

    /** Changes smaller than this are noise, whatever the percentage (a thread or two, a few descriptors, 4 MiB). */
    private double noiseFloor() {
        return unit.equals("MiB") ? 4 : 2;
    }

    /** Medians of the second and of the last third of the samples. */
    private static double[] thirds(List<double[]> points) {
        int n = points.size();
        return new double[] {median(points.subList(n / 3, Math.max(n / 3 + 1, 2 * n / 3))),
                median(points.subList(Math.min(n - 1, 2 * n / 3), n))};
    }

    private static double median(List<double[]> points) {
        double[] values = points.stream().mapToDouble(p -> p[1]).sorted().toArray();
        return values.length == 0 ? 0 : values[values.length / 2];
    }
}
