package dev.tally.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import java.util.Locale;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The sweep as one PNG: per offered rate, CPU milliseconds per command stacked by process (bars, right axis) and the
 * p99 latencies (lines, left axis, logarithmic, with the 100 ms goal drawn across) — where the lines leave the goal
 * and the bars stop shrinking is the knee — and the engines' floor at the same rates (dotted, right axis). Drawn
 * headless.
 */
final class LiveChart {

    private static final int WIDTH = 1100;
    private static final int HEIGHT = 650;

    private LiveChart() {
    }

    static void write(LiveResults results, String title, Path png) throws Exception {
        System.setProperty("java.awt.headless", "true");
        DefaultCategoryDataset cpu = new DefaultCategoryDataset();
        DefaultCategoryDataset latency = new DefaultCategoryDataset();
        for (LiveResults.RatePoint p : results.sweep) {
            String rate = String.format(Locale.ROOT, "%.0f/s%s", p.target(), p.saturated() == null ? "" : " (sat.)");
            for (String c : LiveResults.COMPONENTS) {
                if (!c.equals("other")) {
                    cpu.addValue(p.cpuMsPerCommand(c), c, rate);
                }
            }
            latency.addValue(Math.max(0.1, p.command().p99()), "command p99", rate);
            latency.addValue(Math.max(0.1, p.visible().p99()), "acknowledged → visible p99", rate);
        }
        DefaultCategoryDataset floor = new DefaultCategoryDataset();
        for (LiveResults.FloorPoint f : results.floor) {
            results.sweepAt(f.target()).ifPresent(p -> floor.addValue(f.cpuMsPerCommandTotal(),
                    "engines' floor, CPU per command (ms)", String.format(Locale.ROOT, "%.0f/s%s", p.target(),
                            p.saturated() == null ? "" : " (sat.)")));
        }
        CategoryPlot plot = new CategoryPlot();
        plot.setDomainAxis(new CategoryAxis("offered rate (commands/s, open loop, 3 read-your-writes queries each)"));

        LogAxis ms = new LogAxis("latency p99 (ms, log scale)");
        ms.setSmallestValue(0.1);
        ms.setRange(0.5, 30_000); // fixed, so charts of different runs compare at a glance
        ms.setTickUnit(new NumberTickUnit(1)); // one tick per power of ten
        ms.setNumberFormatOverride(new DecimalFormat("#,##0.#"));
        plot.setRangeAxis(0, ms);
        plot.setDataset(1, latency);
        plot.mapDatasetToRangeAxis(1, 0);
        LineAndShapeRenderer lines = new LineAndShapeRenderer(true, true);
        lines.setSeriesPaint(0, new Color(0x1f, 0x3a, 0x93));
        lines.setSeriesPaint(1, new Color(0xc0, 0x1b, 0x1b));
        for (int i = 0; i < 2; i++) {
            lines.setSeriesStroke(i, new BasicStroke(3f));
        }
        plot.setRenderer(1, lines);
        ValueMarker goal = new ValueMarker(LiveBenchmark.VISIBLE_P99_GOAL_MS, Color.GRAY, new BasicStroke(1.5f,
                BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
        goal.setLabel("100 ms goal");
        goal.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        goal.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        plot.addRangeMarker(1, goal, org.jfree.chart.ui.Layer.FOREGROUND); // renderer 1: the latency axis

        NumberAxis cpuAxis = new NumberAxis("CPU per command (ms), stacked by process");
        plot.setRangeAxis(1, cpuAxis);
        plot.setDataset(2, cpu);
        plot.mapDatasetToRangeAxis(2, 1);
        StackedBarRenderer bars = new StackedBarRenderer();
        bars.setShadowVisible(false);
        bars.setMaximumBarWidth(0.12);
        bars.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        List<Color> palette = List.of(new Color(0x4e79a7), new Color(0x59a14f), new Color(0x8cd17d),
                new Color(0xb6992d), new Color(0xf28e2b), new Color(0x9c755f), new Color(0xbab0ac));
        for (int i = 0; i < palette.size(); i++) {
            bars.setSeriesPaint(i, palette.get(i));
        }
        plot.setRenderer(2, bars);
        LineAndShapeRenderer floorLine = new LineAndShapeRenderer(true, true);
        floorLine.setSeriesPaint(0, Color.BLACK);
        floorLine.setSeriesStroke(0, new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f,
                new float[] {3f, 3f}, 0f));
        plot.setDataset(0, floor);
        plot.mapDatasetToRangeAxis(0, 1);
        plot.setRenderer(0, floorLine);
        // REVERSE: dataset 2 (bars) first, then the latency lines (1), the engines' floor (0) on top.
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE);
        plot.setForegroundAlpha(0.85f);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdddddd));

        JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }
}
