package io.vicisync.jobs;

import io.vicisync.Deadline;
import io.vicisync.ExitCode;
import io.vicisync.Version;
import io.vicisync.VicisyncException;
import io.vicisync.config.Settings;
import io.vicisync.config.SyncSettings;
import io.vicisync.engine.Backfill;
import io.vicisync.engine.Progress;
import io.vicisync.engine.RunCounts;
import io.vicisync.jobs.Wiring.Mode;
import io.vicisync.log.ProgressMeter;
import io.vicisync.log.RunLog;
import io.vicisync.source.CallSource;
import io.vicisync.source.ScanRange;
import io.vicisync.state.disk.BackfillStore;
import io.vicisync.state.disk.StateDir;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code vicisync backfill}: takes the same lock as {@code run} (waiting a while for a run in
 * progress), sends a past range of each call source asked for, and reports. A dry run takes no lock
 * and writes nothing.
 */
public final class BackfillJob {
  private final Settings settings;
  private final PrintStream out;
  private final PrintStream err;
  private final boolean terminal;

  /** {@code terminal}: show a progress line on stderr. */
  public BackfillJob(Settings settings, PrintStream out, PrintStream err, boolean terminal) {
    this.settings = settings;
    this.out = out;
    this.err = err;
    this.terminal = terminal;
  }

  public ExitCode dryRun(CallDateRange range, boolean resend) {
    SyncSettings s = settings.sync();
    ExitCode exit = ExitCode.OK;
    try (RunLog log = RunLog.open(null, err, LockedJob.PID)) {
      for (CallSource src : Wiring.sources(s)) {
        try (Wiring w = Wiring.open(settings, src, Mode.DRY_RUN, log, out, Wiring.NO_TIME_LIMIT)) {
          Backfill.Result r =
              new Backfill(w.context, w.state.stores().backfill(src), Progress.NONE)
                  .run(request(range, resend, w), Optional.empty());
          out.println(
              "dry run: backfill"
                  + src.label()
                  + " "
                  + r.range()
                  + ": "
                  + r.read()
                  + " calls read, "
                  + r.counts().wouldSend()
                  + " would be sent, "
                  + r.counts().unchanged()
                  + " already delivered unchanged, "
                  + r.counts().changedNotResent()
                  + " changed after delivery and not re-sent, "
                  + r.leftToRun()
                  + " not final yet (left to the run); nothing was posted or saved");
          exit = exit.worst(r.exit());
        }
      }
    }
    return exit;
  }

  public ExitCode run(CallDateRange range, boolean resend) {
    SyncSettings s = settings.sync();
    StateDir state = Wiring.state(s);
    return LockedJob.run(
        s,
        err,
        "backfill",
        LockedJob.LOCK_WAIT_SECONDS,
        log -> {
          // Ctrl-C or a shutdown: no post starts, those in flight finish, the position is saved
          StopSignal stop = StopSignal.install(this::stopCurrent);
          ExitCode exit = ExitCode.OK;
          for (CallSource src : Wiring.sources(s)) {
            exit = exit.worst(backfill(state, log, src, range, resend, stop));
            if (!exit.didItsWork() || stop.stopped()) {
              break;
            }
          }
          if (stop.stopped()) {
            log.warn(
                stop.which()
                    + ": stopped; the posts in flight finished and the position is saved:"
                    + " 'vicisync backfill "
                    + range.text()
                    + "' resumes where it stopped");
            return stop.exitCode();
          }
          return exit;
        });
  }

  /** The deadline of the source's backfill under way, which a stop signal cuts short. */
  private volatile Deadline current;

  private void stopCurrent() {
    Deadline d = current;
    if (d != null) {
      d.expire();
    }
  }

  private ExitCode backfill(
      StateDir state,
      RunLog log,
      CallSource src,
      CallDateRange range,
      boolean resend,
      StopSignal stop) {
    long started = System.currentTimeMillis();
    log.info(
        "backfill"
            + src.label()
            + " "
            + range.text()
            + (resend ? " --resend" : "")
            + ": vicisync "
            + Version.get()
            + ", database "
            + settings.db()
            + ", receiver "
            + settings.api());
    try (Wiring w = Wiring.open(settings, src, Mode.SEND, log, out, Wiring.NO_TIME_LIMIT)) {
      current = w.context.deadline();
      if (stop.stopped()) {
        current.expire();
      }
      BackfillStore store = state.stores().backfill(src);
      Backfill.Request request = request(range, resend, w);
      rotationNotice(w, request, log);
      Backfill.Result r =
          new Backfill(w.context, store, new ProgressMeter(err, terminal, "backfill" + src.label()))
              .run(request, store.load());
      Reports.rememberReceiver(state, w.sender, r.error(), settings.api().timeout());
      String line = summary(src, r, System.currentTimeMillis() - started, range);
      log.info(line);
      out.println(line);
      return r.exit();
    } catch (VicisyncException e) {
      log.error(e.getMessage());
      return e.exitCode();
    }
  }

  private boolean rotationSaid;

  /**
   * The DID Optimizer sets a DID's usage.lastUsed, which its rotation picks by, to the time of the
   * post, not of the call: said once, before a backfill posts calls older than a day.
   */
  private void rotationNotice(Wiring w, Backfill.Request request, RunLog log) {
    if (rotationSaid || settings.sync().phoneNumber() != SyncSettings.PhoneNumber.DID) {
      return;
    }
    long now = w.db.nowEpoch();
    String dayAgo = w.db.scanRange(now - 86_400, now).lowerLocal();
    if (request.lowerLocal().compareTo(dayAgo) < 0) {
      rotationSaid = true;
      String line =
          "backfill: this range holds calls older than a day; the DID Optimizer marks each DID"
              + " it posts as used now, not when the call was made (usage.lastUsed, which its"
              + " rotation picks by), so every DID in it will look just used";
      log.info(line);
      out.println(line);
    }
  }

  private static Backfill.Request request(CallDateRange range, boolean resend, Wiring w) {
    ScanRange r = range.resolve(w.db);
    return new Backfill.Request(range.text(), r.lowerLocal(), r.upperLocal(), resend);
  }

  static String summary(CallSource src, Backfill.Result r, long tookMillis, CallDateRange range) {
    RunCounts c = r.counts();
    double secs = Math.max(tookMillis, 1) / 1000.0;
    return String.format(
        Locale.ROOT,
        "backfill%s %s: %s; read %d calls, posted %d, re-sent %d, unchanged %d, changed after"
            + " delivery and not re-sent %d, not final yet %d, dead-lettered %d, retries %d;"
            + " %.1f s, %.0f calls/s; exit %d",
        src.label(),
        r.range(),
        r.finished()
            ? "done"
            : "stopped (run 'vicisync backfill " + range.text() + "' again to resume)",
        r.read(),
        c.posted(),
        c.resent(),
        c.unchanged(),
        c.changedNotResent(),
        r.leftToRun(),
        c.deadLettered(),
        r.retries(),
        secs,
        r.read() / secs,
        r.exit().code());
  }
}
