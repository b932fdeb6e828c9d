package phaselab.cli.report;

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
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/** Line, point and heatmap charts (JFreeChart), rendered to SVG (JFreeSVG) and PNG. */
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
    NumberAxis yAxis = (NumberAxis) plot.getRangeAxis();
    yAxis.setAutoRangeIncludesZero(false);
    double big = series.values().stream().flatMap(List::stream).mapToDouble(p -> Math.abs(p[1])).filter(Double::isFinite).max().orElse(0);
    if (big != 0 && (big < 1e-3 || big >= 1e5)) {
      // learning rates of 1e-5 read "1E-5, 2E-5", not "0, 0, 0"
      yAxis.setNumberFormatOverride(new java.text.DecimalFormat("0.##E0"));
    }
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    List<String> names = List.copyOf(series.keySet());
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      // curves that differ only by seed share a colour: "ID seed 1", "ID seed 2", "ID median"
      String family = n.contains(" seed ") ? n.substring(0, n.indexOf(" seed "))
          : n.endsWith(" mean") ? n.substring(0, n.length() - 5) : n.endsWith(" median") ? n.substring(0, n.length() - 7) : n;
      int colour = widths.isEmpty() ? i : Math.abs(family.hashCode());
      r.setSeriesPaint(i, PALETTE[colour % PALETTE.length]);
      r.setSeriesStroke(i, new BasicStroke(widths.getOrDefault(n, 1.8f)));
      if (series.get(n).size() <= 3) {
        r.setSeriesShapesVisible(i, true); // a line through one point is invisible: mark sparse series
      }
    }
    plot.setRenderer(r);
    return chart;
  }

  /**
   * Adds a reference curve behind the chart's series: (step, median, lo, hi) points drawn as a
   * grey dashed median over a light band from lo to hi (lo = hi = median: the line alone).
   */
  static JFreeChart withReference(JFreeChart chart, String name, List<double[]> points, boolean logSteps) {
    if (points.isEmpty()) {
      return chart;
    }
    org.jfree.data.xy.YIntervalSeries s = new org.jfree.data.xy.YIntervalSeries(name, false, true);
    for (double[] p : points) {
      if (!logSteps || p[0] > 0) {
        s.add(p[0], p[1], p[2], p[3]);
      }
    }
    org.jfree.data.xy.YIntervalSeriesCollection data = new org.jfree.data.xy.YIntervalSeriesCollection();
    data.addSeries(s);
    org.jfree.chart.renderer.xy.DeviationRenderer r = new org.jfree.chart.renderer.xy.DeviationRenderer(true, false);
    r.setSeriesPaint(0, new Color(0x555555));
    r.setSeriesFillPaint(0, new Color(0xbbbbbb));
    r.setAlpha(0.35f);
    r.setSeriesStroke(0, new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    XYPlot plot = chart.getXYPlot();
    int index = plot.getDatasetCount();
    plot.setDataset(index, data);
    plot.setRenderer(index, r);
    // higher dataset indices are drawn first, i.e. behind our curves
    plot.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.REVERSE);
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
    phaselab.lab.run.SafeWrite.text(Path.of(base + ".svg"), svg(chart));
    java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
    ChartUtils.writeChartAsPNG(png, chart, 2 * WIDTH, 2 * HEIGHT);
    phaselab.lab.run.SafeWrite.bytes(Path.of(base + ".png"), png.toByteArray());
  }

  /**
   * A heatmap of v[row][col] on a white → dark-blue scale from lo to hi; rows and columns are
   * labelled by name (null: by index, for long axes such as 128 nodes).
   */
  static JFreeChart heatmap(String title, String rowAxis, List<String> rows, String colAxis, List<String> cols, double[][] v, double lo,
      double hi) {
    double top = hi > lo ? hi : lo + 1;
    LookupPaintScale scale = new LookupPaintScale(lo, top + 1e-9 * (top - lo), Color.WHITE);
    for (int s = 0; s <= 20; s++) {
      float t = s / 20f;
      scale.add(lo + (top - lo) * s / 20.0, new Color(1 - 0.9f * t, 1 - 0.75f * t, 1 - 0.45f * t));
    }
    return heatmap(title, rowAxis, rows, colAxis, cols, v, lo, scale);
  }

  /**
   * A heatmap of signed values on a red → white → blue scale from −limit to +limit (values beyond
   * are drawn at the ends), for quantities whose sign matters (recovered shares of a patching).
   */
  static JFreeChart divergingHeatmap(String title, String rowAxis, List<String> rows, String colAxis, List<String> cols, double[][] v,
      double limit) {
    double[][] clipped = new double[v.length][];
    for (int i = 0; i < v.length; i++) {
      clipped[i] = java.util.Arrays.stream(v[i]).map(x -> Double.isFinite(x) ? Math.max(-limit, Math.min(limit, x)) : 0).toArray();
    }
    LookupPaintScale scale = new LookupPaintScale(-limit, limit * (1 + 1e-9), Color.WHITE);
    for (int s = -20; s <= 20; s++) {
      float t = Math.abs(s) / 20f;
      Color c = s < 0 ? new Color(1 - 0.2f * t, 1 - 0.8f * t, 1 - 0.8f * t) : new Color(1 - 0.9f * t, 1 - 0.75f * t, 1 - 0.45f * t);
      scale.add(limit * s / 20.0, c);
    }
    return heatmap(title, rowAxis, rows, colAxis, cols, clipped, -limit, scale);
  }

  private static JFreeChart heatmap(String title, String rowAxis, List<String> rows, String colAxis, List<String> cols, double[][] v,
      double lo, LookupPaintScale scale) {
    int nr = v.length;
    int nc = nr == 0 ? 0 : v[0].length;
    DefaultXYZDataset data = new DefaultXYZDataset();
    double[][] xyz = new double[3][nr * nc];
    int k = 0;
    for (int i = 0; i < nr; i++) {
      for (int j = 0; j < nc; j++) {
        xyz[0][k] = j;
        xyz[1][k] = i;
        xyz[2][k] = Double.isFinite(v[i][j]) ? v[i][j] : lo;
        k++;
      }
    }
    data.addSeries("values", xyz);
    XYBlockRenderer r = new XYBlockRenderer();
    r.setPaintScale(scale);
    NumberAxis x = cols == null ? new NumberAxis(colAxis) : new SymbolAxis(colAxis, cols.toArray(String[]::new));
    NumberAxis y = rows == null ? new NumberAxis(rowAxis) : new SymbolAxis(rowAxis, rows.toArray(String[]::new));
    x.setLowerMargin(0);
    x.setUpperMargin(0);
    y.setLowerMargin(0);
    y.setUpperMargin(0);
    y.setInverted(true); // row 0 on top, as matrices are read
    if (cols != null && cols.size() > 8) {
      x.setVerticalTickLabels(true);
    }
    x.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, cols != null && cols.size() > 20 ? 7 : 10));
    y.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, rows != null && rows.size() > 20 ? 7 : 10));
    XYPlot plot = new XYPlot(data, x, y, r);
    plot.setBackgroundPaint(Color.WHITE);
    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    PaintScaleLegend legend = new PaintScaleLegend(scale, new NumberAxis("value"));
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setMargin(4, 4, 4, 4);
    chart.addSubtitle(legend);
    return chart;
  }

  /** Points without lines (scatter), one colour per series. */
  static JFreeChart points(String title, String xLabel, String yLabel, Map<String, List<double[]>> series) {
    JFreeChart chart = lines(title, yLabel, series, false);
    XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
    for (int i = 0; i < series.size(); i++) {
      r.setSeriesLinesVisible(i, false);
      r.setSeriesShapesVisible(i, true);
    }
    return xLabel(chart, xLabel);
  }

  /** Adds a dashed grey line through {@code points} ({x, y} pairs) on its own renderer, e.g. y = x. */
  static JFreeChart addLine(JFreeChart chart, String name, double[][] points) {
    org.jfree.data.xy.XYSeries s = new org.jfree.data.xy.XYSeries(name, false, true);
    for (double[] p : points) {
      s.add(p[0], p[1]);
    }
    XYPlot plot = chart.getXYPlot();
    int index = plot.getDatasetCount();
    plot.setDataset(index, new org.jfree.data.xy.XYSeriesCollection(s));
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    r.setSeriesPaint(0, new Color(0x555555));
    r.setSeriesStroke(0, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    plot.setRenderer(index, r);
    return chart;
  }

  /** Sets the domain axis label (e.g. "layers" for per-depth charts). */
  static JFreeChart xLabel(JFreeChart chart, String label) {
    chart.getXYPlot().getDomainAxis().setLabel(label);
    return chart;
  }
}
