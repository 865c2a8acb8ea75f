package io.vicisync.jobs;

import io.vicisync.ExitCode;
import io.vicisync.Text;
import io.vicisync.VicisyncException;
import io.vicisync.config.SyncSettings;
import io.vicisync.engine.RunCounts;
import io.vicisync.engine.RunResult;
import io.vicisync.log.MetricsFile;
import io.vicisync.log.RunLog;
import io.vicisync.sink.Sender;
import io.vicisync.source.CallSource;
import io.vicisync.state.disk.RateLimitStore;
import io.vicisync.state.disk.RunStatus;
import io.vicisync.state.disk.StateDir;
import io.vicisync.state.disk.StatusStore;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A run's one record ({@link RunStatus.LastRun}) and where it goes: runs.jsonl, status.json, the
 * metrics file; and the Retry-After a run leaves for the next. Shared by {@code run} and {@code
 * follow}.
 */
final class Reports {
  private Reports() {}

  /**
   * How one source's run ended; {@code status} null when it could not be recorded; {@code stamped}:
   * it changed nothing, and status.json only had its time set.
   */
  record Outcome(ExitCode exit, RunStatus status, boolean stamped) {}

  /** Every rendering of a run starts from this one record; {@code backlog} null: unknown. */
  static RunStatus.LastRun report(
      CallSource src,
      RunResult r,
      ExitCode exit,
      String error,
      long started,
      long took,
      Long backlog) {
    if (r == null) {
      return new RunStatus.LastRun(
          src.wire(),
          started,
          took,
          exit.code(),
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          null,
          null,
          -1,
          0,
          false,
          error,
          0,
          0,
          null);
    }
    RunCounts c = r.counts();
    return new RunStatus.LastRun(
        src.wire(),
        started,
        took,
        exit.code(),
        c.posted(),
        c.resent(),
        c.unchanged(),
        c.deadLettered(),
        c.abandoned(),
        r.held(),
        r.watching(),
        r.retries(),
        r.cursorBefore(),
        r.cursorAfter(),
        r.lagSeconds(),
        r.newestDeliveredEnd(),
        r.caughtUp(),
        error,
        c.withoutDid(),
        c.changedNotResent(),
        backlog);
  }

  /** runs.jsonl and status.json; a disk already full is not said twice. */
  static Outcome record(StateDir state, RunLog log, RunStatus.LastRun report) {
    return record(state, log, report, true);
  }

  /**
   * {@code history}: a line in runs.jsonl too; {@code follow} writes status.json every poll, but
   * runs.jsonl once an hour.
   */
  static Outcome record(StateDir state, RunLog log, RunStatus.LastRun report, boolean history) {
    return record(state, state.stores().status(), log, report, history);
  }

  /** With {@code status} kept by the caller ({@code follow} keeps one for its life). */
  static Outcome record(
      StateDir state, StatusStore status, RunLog log, RunStatus.LastRun report, boolean history) {
    ExitCode exit = ExitCode.of(report.exit());
    try {
      if (history) {
        state.stores().runs().append(report);
      }
      RunStatus after = status.record(report.source(), report);
      changedAfterDelivery(after, report, log);
      return new Outcome(exit, after, status.stamped());
    } catch (VicisyncException e) {
      if (exit != ExitCode.IO_ERROR) {
        log.error(e.getMessage());
      }
      return new Outcome(exit.worst(e.exitCode()), null, false);
    }
  }

  /**
   * The first calls in a day to change after delivery make a warning (cron mails it); the next ones
   * are in the log and in check's WARNING while any is less than a day old.
   */
  private static void changedAfterDelivery(RunStatus after, RunStatus.LastRun run, RunLog log) {
    RunStatus.Source src = after.sources().get(run.source());
    int n = run.changedNotResent();
    if (n > 0 && src != null && src.changedLastDay(run.startedMillis()) == n) {
      log.warn(
          n
              + (n == 1 ? " call" : " calls")
              + " changed after delivery and not re-sent ([sync] resend = never): VICIdial wrote"
              + " a new disposition after the DID Optimizer got the call; the log names each"
              + " ('changed after delivery'), and vicisync check warns while any is less than a day"
              + " old; said once a day");
    }
  }

  /**
   * A metrics file that cannot be written is reported, but the calls were delivered: exit stays.
   */
  static void writeMetrics(SyncSettings s, StateDir state, RunLog log, RunStatus status) {
    writeMetrics(s, state, log, status, false);
  }

  /**
   * {@code stamped}: the run changed nothing (status.json only had its time set); the metrics file
   * then too, for five minutes, as node_exporter's mtime metric still sees the run.
   */
  static void writeMetrics(
      SyncSettings s, StateDir state, RunLog log, RunStatus status, boolean stamped) {
    if (s.metricsFile() == null || status == null) {
      return;
    }
    try {
      Path file = MetricsFile.target(s.metricsFile(), s.instance());
      if (stamped && MetricsFile.recent(file)) {
        MetricsFile.stamp(file, s.instance(), System.currentTimeMillis());
        return;
      }
      long limited =
          state
              .stores()
              .rateLimit()
              .active(System.currentTimeMillis())
              .map(RateLimitStore.Pause::untilMillis)
              .orElse(0L);
      MetricsFile.write(
          file, s.instance(), status, state.stores().deadLetters().countBySource(), limited);
    } catch (VicisyncException e) {
      log.error(e.getMessage());
    }
  }

  /**
   * What the receiver taught this run, for the next: a Retry-After still ahead keeps them from
   * posting until then; a post it left unanswered makes them wait longer for its answers.
   */
  static void rememberReceiver(StateDir state, Sender sender, String error, Duration apiTimeout) {
    sender
        .patience()
        .ifPresent(w -> state.stores().patience().keep(w, apiTimeout, System.currentTimeMillis()));
    long until = sender.rateLimitedUntilMillis();
    if (until > System.currentTimeMillis()) {
      state
          .stores()
          .rateLimit()
          .save(
              new RateLimitStore.Pause(
                  until, error == null ? "HTTP 429 with Retry-After" : Text.oneLine(error, 300)));
    }
  }
}
