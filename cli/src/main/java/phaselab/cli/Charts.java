package phaselab.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/** Line charts of metric series (JFreeChart), rendered to SVG (JFreeSVG) and PNG. */
final class Charts {
  static final int WIDTH = 640;
  static final int HEIGHT = 360;
  private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

  private Charts() {}

  /** A chart of named series of (step, value) points; logSteps puts the step axis on a log scale. */
  static JFreeChart lines(String title, String yLabel, Map<String, List<double[]>> series, boolean logSteps) {
    return lines(title, yLabel, series, logSteps, Map.of());
  }

  /** As above, with a line width per series name (default 1.8). */
  static JFreeChart lines(String title, String yLabel, Map<String, List<double[]>> series, boolean logSteps, Map<String, Float> widths) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (var e : series.entrySet()) {
      XYSeries s = new XYSeries(e.getKey(), false, true);
      for (double[] p : e.getValue()) {
        if (!logSteps || p[0] > 0) {
          s.add(p[0], p[1]);
        }
      }
      data.addSeries(s);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(title, "step", yLabel, data, PlotOrientation.VERTICAL, true, false, false);
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    if (logSteps) {
      LogAxis axis = new LogAxis("step (log scale)");
      axis.setBase(10);
      axis.setSmallestValue(1);
      axis.setNumberFormatOverride(new java.text.DecimalFormat("#,##0")); // 1,000 rather than 10^3.00
      plot.setDomainAxis(axis);
    }
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    List<String> names = List.copyOf(series.keySet());
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      // curves that differ only by seed share a colour: "ID seed 1", "ID seed 2", "ID mean"
      String family = n.contains(" seed ") ? n.substring(0, n.indexOf(" seed ")) : n.endsWith(" mean") ? n.substring(0, n.length() - 5) : n;
      int colour = widths.isEmpty() ? i : Math.abs(family.hashCode());
      r.setSeriesPaint(i, PALETTE[colour % PALETTE.length]);
      r.setSeriesStroke(i, new BasicStroke(widths.getOrDefault(n, 1.8f)));
    }
    plot.setRenderer(r);
    return chart;
  }

  /** The chart as an SVG element (for inlining in HTML). */
  static String svg(JFreeChart chart) {
    SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
    chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
    return g.getSVGElement();
  }

  /** Writes {@code base}.svg and {@code base}.png (2× resolution, for papers). */
  static void write(JFreeChart chart, Path base) throws IOException {
    java.nio.file.Files.writeString(Path.of(base + ".svg"), svg(chart));
    ChartUtils.saveChartAsPNG(Path.of(base + ".png").toFile(), chart, 2 * WIDTH, 2 * HEIGHT);
  }

  /** Sets the domain axis label (e.g. "layers" for per-depth charts). */
  static JFreeChart xLabel(JFreeChart chart, String label) {
    chart.getXYPlot().getDomainAxis().setLabel(label);
    return chart;
  }
}
