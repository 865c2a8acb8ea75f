package io.vicisync.log;

import io.vicisync.engine.Progress;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress display for long commands on a terminal: done / total, rate and ETA, redrawn
 * at most once a second. Off when the output is not a terminal (cron, a pipe, a test), so logs
 * never fill with carriage returns.
 */
public final class ProgressMeter implements Progress {
  private final PrintStream err;
  private final boolean on;
  private final String what;
  private long total;
  private long startDone;
  private long startNanos;
  private long lastDraw;
  private boolean drawn;

  public ProgressMeter(PrintStream err, boolean on, String what) {
    this.err = err;
    this.on = on;
    this.what = what;
  }

  @Override
  public boolean on() {
    return on;
  }

  @Override
  public void start(long total, long done) {
    this.total = total;
    this.startDone = done;
    this.startNanos = System.nanoTime();
  }

  @Override
  public synchronized void update(long done) {
    long now = System.nanoTime();
    if (!on || now - lastDraw < 1_000_000_000L) {
      return;
    }
    lastDraw = now;
    drawn = true;
    double secs = (now - startNanos) / 1e9;
    double rate = secs <= 0 ? 0 : (done - startDone) / secs;
    String eta = rate <= 0 || total <= done ? "-" : duration((long) ((total - done) / rate));
    err.print(
        String.format(
            Locale.ROOT,
            "\r%s: %,d / %,d calls (%.1f%%) · %,.0f calls/s · ETA %s  ",
            what,
            done,
            total,
            total == 0 ? 100.0 : 100.0 * Math.min(done, total) / total,
            rate,
            eta));
    err.flush();
  }

  @Override
  public synchronized void finish() {
    if (drawn) {
      err.println();
    }
  }

  static String duration(long seconds) {
    return String.format(
        Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }
}
