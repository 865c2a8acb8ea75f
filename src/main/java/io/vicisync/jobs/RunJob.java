package io.vicisync.jobs;

import io.vicisync.ExitCode;
import io.vicisync.VicisyncException;
import io.vicisync.config.Settings;
import io.vicisync.config.Settings.FileRead;
import io.vicisync.config.SyncSettings;
import io.vicisync.engine.RunResult;
import io.vicisync.jobs.Wiring.Mode;
import io.vicisync.log.RunLog;
import io.vicisync.source.CallSource;
import io.vicisync.state.disk.CheckpointStore;
import io.vicisync.state.disk.RateLimitStore;
import io.vicisync.state.disk.RunStatus;
import io.vicisync.state.disk.StateDir;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * {@code vicisync run}: takes the lock, runs the core for each call source, and reports each run
 * once, as a {@link RunStatus.LastRun}: the log's summary, runs.jsonl, status.json and the metrics
 * file. A dry run takes no lock and writes nothing.
 */
public final class RunJob {
  private final Settings settings;
  private final PrintStream out;
  private final PrintStream err;

  /** The source's run under way, which a stop signal cuts short. */
  private volatile SourceRun current;

  public RunJob(Settings settings, PrintStream out, PrintStream err) {
    this.settings = settings;
    this.out = out;
    this.err = err;
  }

  public ExitCode dryRun() {
    SyncSettings s = settings.sync();
    ExitCode exit = ExitCode.OK;
    for (FileRead f : settings.files()) {
      if (!f.found()) {
        // a dry run is how a new user first tries it: say where its settings came from instead
        out.println(
            "dry run: "
                + f.path()
                + " not found; "
                + (f.database()
                    ? "the database is " + settings.db() + " (built-in defaults, $VICIDIAL_DB_*)"
                    : "built-in defaults for its settings"));
      }
    }
    try (RunLog log = RunLog.open(null, err, LockedJob.PID)) {
      for (CallSource src : Wiring.sources(s)) {
        try (Wiring w = Wiring.open(settings, src, Mode.DRY_RUN, log, out, s.maxRunTime())) {
          CheckpointStore store = w.state.stores().checkpoints(src);
          RunResult r = w.engine(store).run(store.load());
          out.println(
              "dry run"
                  + src.label()
                  + ": "
                  + r.counts().wouldSend()
                  + " calls would be"
                  + " sent, "
                  + r.counts().unchanged()
                  + " already sent unchanged, "
                  + r.counts().changedNotResent()
                  + " changed after delivery and not re-sent, "
                  + r.held()
                  + " held; scanned "
                  + r.cursorBefore()
                  + " → "
                  + r.cursorAfter()
                  + "; nothing was"
                  + " posted or saved");
          exit = exit.worst(r.exit());
        }
      }
    }
    return exit;
  }

  /**
   * A run of an installation without an API key: a line in the log once an hour, nothing on stderr
   * (cron would mail it every minute); exit 78 all the same.
   */
  public static ExitCode notConfigured(Settings settings, String why, PrintStream err) {
    SyncSettings s = settings.sync();
    boolean due;
    try {
      due = CronMail.logNotConfigured(LockedJob.stateDirectory(s), why, System.currentTimeMillis());
    } catch (VicisyncException e) {
      due = true; // no state directory to remember it in: the log says it each run
    }
    if (due) {
      try (RunLog log =
          RunLog.open(
              s.logFile(), new PrintStream(OutputStream.nullOutputStream()), LockedJob.PID)) {
        log.error(why + " (said once an hour until it is set)");
      } catch (VicisyncException e) {
        err.println("vicisync: error: " + why); // no log to say it in: stderr it is
      }
    }
    return ExitCode.CONFIG;
  }

  /** {@code terminal}: someone watches stderr; otherwise cron does, and mails only news. */
  public ExitCode run(boolean terminal) {
    SyncSettings s = settings.sync();
    StateDir state = Wiring.state(s);
    return CronMail.run(state, terminal, err, mailed -> locked(s, state, mailed));
  }

  private ExitCode locked(SyncSettings s, StateDir state, PrintStream err) {
    return LockedJob.run(
        s,
        err,
        "run",
        0,
        log -> {
          Optional<RateLimitStore.Pause> pause =
              state.stores().rateLimit().active(System.currentTimeMillis());
          if (pause.isPresent()) {
            return paused(state, log, pause.get());
          }
          log.info("start: " + Wiring.describe(settings, state));
          // a shutdown or an administrator's kill: no post starts, those in flight finish, the
          // checkpoint is saved, and the log says where the next run resumes
          StopSignal stop = StopSignal.install(this::stopCurrent);
          ExitCode exit = ExitCode.OK;
          RunStatus status = null;
          boolean stamped = true;
          for (CallSource src : Wiring.sources(s)) {
            Reports.Outcome r = locked(state, log, src, stop);
            exit = exit.worst(r.exit());
            status = r.status();
            stamped &= r.stamped();
            if (!exit.didItsWork()) {
              break; // the receiver or the database is failing: the next source would fail the same
            }
          }
          Reports.writeMetrics(s, state, log, status, stamped);
          if (stop.stopped()) {
            log.warn(
                stop.which()
                    + ": stopped; the posts in flight finished and the checkpoint is saved, the"
                    + " next run resumes from "
                    + resumesFrom(state));
            return stop.exitCode();
          }
          return exit;
        });
  }

  private Reports.Outcome locked(StateDir state, RunLog log, CallSource src, StopSignal stop) {
    SourceRun.Outcome o;
    try (SourceRun run = SourceRun.once(src, state)) {
      current = run;
      o = run.run(settings, log, out, true, stop::stopped);
      current = null;
    }
    if (o.result() == null) {
      log.error(o.report().error());
    } else {
      log.info(o.report().summary());
    }
    return Reports.record(state, log, o.report());
  }

  private void stopCurrent() {
    SourceRun r = current;
    if (r != null) {
      r.stop();
    }
  }

  /** Where the saved checkpoint has the next run start, for the stop line. */
  private String resumesFrom(StateDir state) {
    StringBuilder b = new StringBuilder();
    for (CallSource src : Wiring.sources(settings.sync())) {
      try {
        state
            .stores()
            .checkpoints(src)
            .load()
            .ifPresent(
                c ->
                    b.append(b.length() == 0 ? "" : ", ")
                        .append(c.settledUpTo())
                        .append(src.label()));
      } catch (VicisyncException e) {
        b.append("its checkpoint").append(src.label());
      }
    }
    return b.length() == 0 ? "where it started" : b.toString();
  }

  /**
   * The receiver asked us to stay away until a time not reached yet: post nothing and exit 75, in
   * the log only (the run that met the 429 already said it on stderr, so cron mails it once).
   */
  private ExitCode paused(StateDir state, RunLog log, RateLimitStore.Pause p) {
    String why =
        "the receiver is rate-limiting this server until "
            + Instant.ofEpochMilli(p.untilMillis())
                .atZone(ZoneId.systemDefault())
                .toLocalDateTime()
                .withNano(0)
                .toString()
                .replace('T', ' ')
            + " ("
            + p.reason()
            + "); this run posts nothing ("
            + state.rateLimit()
            + ")";
    log.info(why);
    long now = System.currentTimeMillis();
    RunStatus status = null;
    for (CallSource src : Wiring.sources(settings.sync())) {
      status =
          Reports.record(
                  state, log, Reports.report(src, null, ExitCode.TEMPORARY, why, now, 0, null))
              .status();
    }
    Reports.writeMetrics(settings.sync(), state, log, status);
    return ExitCode.TEMPORARY;
  }
}
