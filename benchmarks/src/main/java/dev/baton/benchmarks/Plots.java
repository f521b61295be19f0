package dev.baton.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** PNG plots drawn with Java2D (headless): latency distributions of the raw client and Baton. */
final class Plots {
  private static final int W = 760;
  private static final int H = 400;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;
  private static final Color RAW = new Color(120, 120, 120);
  private static final Color BATON = new Color(31, 119, 180);

  private Plots() {}

  /**
   * The cumulative distribution of each arm (x: latency in ms, up to the larger p99.5 so that a
   * few outliers do not squash the plot; y: share of samples at or under it).
   */
  static void cdf(Measure m, Path file) throws IOException {
    List<Long> raw = m.raw().sorted();
    List<Long> baton = m.baton().sorted();
    double xMax = Math.max(quantile(raw, 0.995), quantile(baton, 0.995)) * 1.05;
    if (!(xMax > 0)) {
      xMax = 1;
    }
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    axes(g, xMax, m.backend() + ": " + m.name());
    line(g, raw, xMax, RAW);
    line(g, baton, xMax, BATON);
    legend(g, "raw (n=" + raw.size() + ")", RAW, 0);
    legend(g, "Baton (n=" + baton.size() + ")", BATON, 1);
    g.dispose();
    Files.createDirectories(file.getParent());
    ImageIO.write(img, "png", file.toFile());
  }

  private static double quantile(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int i = (int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1);
    return sorted.get(Math.max(0, i)) / 1e6;
  }

  private static void axes(Graphics2D g, double xMax, String title) {
    int plotW = W - LEFT - RIGHT;
    int plotH = H - TOP - BOTTOM;
    g.setColor(Color.BLACK);
    g.drawString(title, LEFT, 22);
    g.drawRect(LEFT, TOP, plotW, plotH);
    for (int i = 0; i <= 5; i++) {
      double x = xMax * i / 5;
      int px = LEFT + plotW * i / 5;
      g.setColor(new Color(230, 230, 230));
      g.drawLine(px, TOP + 1, px, TOP + plotH - 1);
      g.setColor(Color.BLACK);
      g.drawString(String.format(Locale.ROOT, x >= 100 ? "%.0f" : "%.1f", x), px - 12,
          TOP + plotH + 16);
    }
    for (int i = 0; i <= 4; i++) {
      int py = TOP + plotH - plotH * i / 4;
      g.setColor(new Color(230, 230, 230));
      g.drawLine(LEFT + 1, py, LEFT + plotW - 1, py);
      g.setColor(Color.BLACK);
      g.drawString((25 * i) + " %", LEFT - 40, py + 4);
    }
    g.drawString("latency (ms)", LEFT + plotW / 2 - 30, H - 12);
  }

  private static void line(Graphics2D g, List<Long> sorted, double xMax, Color color) {
    if (sorted.isEmpty()) {
      return;
    }
    int plotW = W - LEFT - RIGHT;
    int plotH = H - TOP - BOTTOM;
    g.setColor(color);
    g.setStroke(new BasicStroke(2f));
    int n = sorted.size();
    int lastX = LEFT;
    int lastY = TOP + plotH;
    for (int i = 0; i < n; i++) {
      double ms = sorted.get(i) / 1e6;
      int px = LEFT + (int) Math.round(Math.min(ms, xMax) / xMax * plotW);
      int py = TOP + plotH - (int) Math.round((i + 1) / (double) n * plotH);
      g.drawLine(lastX, lastY, px, lastY); // a step: the share holds until the next sample
      g.drawLine(px, lastY, px, py);
      lastX = px;
      lastY = py;
    }
    g.setStroke(new BasicStroke(1f));
  }

  private static void legend(Graphics2D g, String label, Color color, int row) {
    int x = W - RIGHT - 170;
    int y = TOP + 20 + 18 * row;
    g.setColor(color);
    g.fillRect(x, y - 9, 14, 10);
    g.setColor(Color.BLACK);
    g.drawString(label, x + 20, y);
  }
}
