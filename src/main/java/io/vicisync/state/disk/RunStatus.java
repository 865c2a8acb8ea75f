package io.vicisync.state.disk;

import com.fasterxml.jackson.annotation.JsonAlias;
import io.vicisync.ExitCode;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
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
   * @param lastSuccessMillis when the last run that did its work (exit 0, or 65 when only some
   *     calls were refused) started; 0: never
   * @param lastFailureMillis when the last run that did not started; 0: never, or not since files
   *     recorded it
   */
  public record Source(
      LastRun lastRun,
      long lastSuccessMillis,
      Totals totals,
      Long lastGaveUpMillis,
      Long lastFailureMillis,
      Map<String, Integer> changedByHour) {
    /** How far back {@link #changedLastDay} looks: what check warns of. */
    public static final long CHANGED_WINDOW_MILLIS = 24 * 3600 * 1000L;

    private static final long HOUR = 3600 * 1000L;

    /**
     * When a run last gave up on a call (one that never ended, or left VICIdial's tables unsent);
     * 0: never, or not since files recorded it. {@code changedByHour}: calls that changed after
     * delivery and were not posted again, by the hour (its start, epoch millis) the runs that saw
     * them started, for the last day only; empty in files written before it was recorded.
     */
    public Source {
      lastGaveUpMillis = lastGaveUpMillis == null ? 0 : lastGaveUpMillis;
      lastFailureMillis = lastFailureMillis == null ? 0 : lastFailureMillis;
      changedByHour = changedByHour == null ? Map.of() : Map.copyOf(changedByHour);
    }

    public Source(
        LastRun lastRun,
        long lastSuccessMillis,
        Totals totals,
        Long lastGaveUpMillis,
        Long lastFailureMillis) {
      this(lastRun, lastSuccessMillis, totals, lastGaveUpMillis, lastFailureMillis, null);
    }

    /** Calls that changed after delivery, not posted again, in the day before {@code nowMillis}. */
    public long changedLastDay(long nowMillis) {
      long from = nowMillis - CHANGED_WINDOW_MILLIS - HOUR; // the oldest bucket still overlaps
      return changedByHour.entrySet().stream()
          .filter(e -> Long.parseLong(e.getKey()) > from)
          .mapToLong(Map.Entry::getValue)
          .sum();
    }

    /** The day's buckets with {@code run}'s changes added, older ones dropped. */
    Map<String, Integer> changedWith(LastRun run) {
      long at = run.startedMillis();
      Map<String, Integer> m = new TreeMap<>();
      changedByHour.forEach(
          (k, v) -> {
            if (Long.parseLong(k) > at - CHANGED_WINDOW_MILLIS - HOUR) {
              m.put(k, v);
            }
          });
      if (run.changedNotResent() > 0) {
        m.merge(Long.toString(at - Math.floorMod(at, HOUR)), run.changedNotResent(), Integer::sum);
      }
      return m;
    }
  }

  /**
   * What one run of one source did: the one model every report is made from (the log's summary
   * line, runs.jsonl, status.json, the status table, check and the metrics file).
   *
   * @param source the call source's name; null in files written before it was recorded
   * @param retries null in files written before it was recorded
   * @param lagSeconds how far behind delivery was when the run ended: 0 when it had read and
   *     delivered everything that had finished (an idle dialer at night is not behind); else DB now
   *     minus the newest end_epoch delivered; -1 when nothing was delivered yet
   * @param caughtUp the run read everything that had finished and settled
   * @param error the one-line reason the run failed; null when it did not
   * @param withoutDid calls delivered with the customer's number as phoneNumber, counted against no
   *     DID (0 in files written before it was recorded)
   * @param changedNotResent calls that changed after delivery and were not posted again
   * @param backlog calls finished, settled and not delivered when it ended (status's figure): 0
   *     when it caught up; null when unknown (the database failed, or no metrics file wanted it)
   */
  public record LastRun(
      String source,
      long startedMillis,
      long durationMillis,
      int exit,
      int posted,
      int resent,
      int unchanged,
      int deadLettered,
      int gaveUpWatching,
      int held,
      int watching,
      Integer retries,
      String cursorBefore,
      String cursorAfter,
      @JsonAlias("lagSecondsAtEnd") long lagSeconds,
      long newestDeliveredEnd,
      boolean caughtUp,
      String error,
      Integer withoutDid,
      Integer changedNotResent,
      Long backlog) {

    public LastRun {
      withoutDid = withoutDid == null ? 0 : withoutDid;
      changedNotResent = changedNotResent == null ? 0 : changedNotResent;
    }

    /** Exit 0, or 65: the run did its work even if the receiver refused some calls for good. */
    public boolean succeeded() {
      return Arrays.stream(ExitCode.values()).anyMatch(e -> e.code() == exit && e.didItsWork());
    }

    /**
     * Whether {@code o} ended as this run did, in all but when and how fast: an idle dialer's
     * minute after minute (what it re-read unchanged and its retries do not count either).
     */
    public boolean sameOutcome(LastRun o) {
      return o != null
          && Objects.equals(source, o.source)
          && exit == o.exit
          && posted == o.posted
          && resent == o.resent
          && deadLettered == o.deadLettered
          && gaveUpWatching == o.gaveUpWatching
          && held == o.held
          && watching == o.watching
          && Objects.equals(cursorBefore, o.cursorBefore)
          && Objects.equals(cursorAfter, o.cursorAfter)
          && lagSeconds == o.lagSeconds
          && newestDeliveredEnd == o.newestDeliveredEnd
          && caughtUp == o.caughtUp
          && Objects.equals(error, o.error)
          && withoutDid.intValue() == o.withoutDid.intValue()
          && changedNotResent.intValue() == o.changedNotResent.intValue()
          && Objects.equals(backlog, o.backlog);
    }

    /** The same run, started at {@code millis}: as a later one with the same outcome did. */
    LastRun startedAt(long millis) {
      return new LastRun(
          source,
          millis,
          durationMillis,
          exit,
          posted,
          resent,
          unchanged,
          deadLettered,
          gaveUpWatching,
          held,
          watching,
          retries,
          cursorBefore,
          cursorAfter,
          lagSeconds,
          newestDeliveredEnd,
          caughtUp,
          error,
          withoutDid,
          changedNotResent,
          backlog);
    }

    /** The log's summary line. */
    public String summary() {
      return "summary"
          + ("inbound".equals(source) ? " (inbound)" : "")
          + ": posted "
          + posted
          + ", re-sent "
          + resent
          + ", unchanged "
          + unchanged
          + ", without a DID "
          + withoutDid
          + ", changed after delivery, not re-sent "
          + changedNotResent
          + ", held "
          + held
          + ", watching "
          + watching
          + ", dead-lettered "
          + deadLettered
          + ", retries "
          + retries
          + ", gave up watching "
          + gaveUpWatching
          + "; cursor "
          + cursorBefore
          + " → "
          + cursorAfter
          + "; lag "
          + (lagSeconds < 0 ? "-" : lagSeconds + "s")
          + "; "
          + durationMillis
          + " ms"
          + (caughtUp ? "" : "; not caught up")
          + "; exit "
          + exit;
    }
  }

  /**
   * Counts since the state directory was made, for Prometheus counters. {@code withDid}: posts
   * whose phoneNumber was the call's DID, counted since a version that records it (an upgraded
   * state directory's earlier posts are in neither it nor {@code withoutDid}: not known).
   */
  public record Totals(
      long runs,
      long failedRuns,
      long posted,
      long resent,
      long unchanged,
      long deadLettered,
      long gaveUpWatching,
      Long withoutDid,
      Long changedNotResent,
      Long withDid) {
    static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0, 0, 0L, 0L, 0L);

    public Totals {
      withoutDid = withoutDid == null ? 0 : withoutDid;
      changedNotResent = changedNotResent == null ? 0 : changedNotResent;
      withDid = withDid == null ? 0 : withDid;
    }

    /** Posts from before this version recorded whether they carried the DID. */
    public long didUnknown() {
      return Math.max(0, posted + resent - withDid - withoutDid);
    }

    Totals plus(LastRun r) {
      return new Totals(
          runs + 1,
          failedRuns + (r.succeeded() ? 0 : 1),
          posted + r.posted(),
          resent + r.resent(),
          unchanged + r.unchanged(),
          deadLettered + r.deadLettered(),
          gaveUpWatching + r.gaveUpWatching(),
          withoutDid + r.withoutDid(),
          changedNotResent + r.changedNotResent(),
          withDid + Math.max(0, r.posted() + r.resent() - r.withoutDid()));
    }
  }

  /** This status with {@code run} recorded for {@code source}. */
  public RunStatus with(String source, LastRun run) {
    Source before = sources.get(source);
    Totals totals = (before == null ? Totals.ZERO : before.totals()).plus(run);
    long lastSuccess =
        run.succeeded() ? run.startedMillis() : before == null ? 0 : before.lastSuccessMillis();
    Map<String, Source> all = new TreeMap<>(sources);
    long gaveUp =
        run.gaveUpWatching() > 0
            ? run.startedMillis()
            : before == null ? 0 : before.lastGaveUpMillis();
    long failed =
        !run.succeeded() ? run.startedMillis() : before == null ? 0 : before.lastFailureMillis();
    Map<String, Integer> changed =
        (before == null ? new Source(null, 0, Totals.ZERO, 0L, 0L) : before).changedWith(run);
    all.put(source, new Source(run, lastSuccess, totals, gaveUp, failed, changed));
    return new RunStatus(VERSION, all);
  }
}
