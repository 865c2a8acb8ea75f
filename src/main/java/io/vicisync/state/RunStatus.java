package io.vicisync.state;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code status.json}: where each call source stood after its last run, kept for {@code vicisync
 * status}, {@code check} and the metrics file, so none of them has to read a history.
 *
 * @param sources by source name: "outbound" (vicidial_log), "inbound" (vicidial_closer_log)
 */
public record RunStatus(int version, Map<String, Source> sources) {
  public static final int VERSION = 1;

  public static RunStatus empty() {
    return new RunStatus(VERSION, Map.of());
  }

  /**
   * One source.
   *
   * @param lastSuccessMillis when the last run that did its work (exit 0, or 65 when only some calls
   *     were refused) started; 0: never
   */
  public record Source(LastRun lastRun, long lastSuccessMillis, Totals totals) {}

  /**
   * What one run did.
   *
   * @param lagSecondsAtEnd DB now minus the newest end_epoch the receiver ever acknowledged, at
   *     the end of the run; -1: nothing acknowledged yet
   * @param caughtUp the run read everything that had finished and settled
   * @param error the one-line reason the run failed; null when it did not
   */
  public record LastRun(long startedMillis, long durationMillis, int exit, int posted, int resent,
      int unchanged, int deadLettered, int gaveUpWatching, int held, int watching, long lagSecondsAtEnd,
      long newestDeliveredEnd, boolean caughtUp, String error) {

    /**
     * How far behind delivery was when the run ended: 0 when it had read and delivered everything
     * that had finished (an idle dialer at night is not behind, however old its newest call); else
     * DB now minus the newest end_epoch delivered; -1 when unknown.
     */
    public long lagSeconds() {
      return succeeded() && caughtUp ? 0 : lagSecondsAtEnd;
    }

    /** Exit 0, or 65: the run did its work even if the receiver refused some calls for good. */
    public boolean succeeded() {
      return exit == 0 || exit == 65;
    }
  }

  /** Counts since the state directory was made, for Prometheus counters. */
  public record Totals(long runs, long failedRuns, long posted, long resent, long unchanged,
      long deadLettered, long gaveUpWatching) {
    static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0, 0);

    Totals plus(LastRun r) {
      return new Totals(runs + 1, failedRuns + (r.succeeded() ? 0 : 1), posted + r.posted(),
          resent + r.resent(), unchanged + r.unchanged(), deadLettered + r.deadLettered(),
          gaveUpWatching + r.gaveUpWatching());
    }
  }

  /** This status with {@code run} recorded for {@code source}. */
  public RunStatus with(String source, LastRun run) {
    Source before = sources.get(source);
    Totals totals = (before == null ? Totals.ZERO : before.totals()).plus(run);
    long lastSuccess = run.succeeded() ? run.startedMillis()
        : before == null ? 0 : before.lastSuccessMillis();
    Map<String, Source> all = new TreeMap<>(sources);
    all.put(source, new Source(run, lastSuccess, totals));
    return new RunStatus(VERSION, all);
  }
}
