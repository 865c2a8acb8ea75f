package io.vicisync.engine;

import io.vicisync.ExitCode;
import io.vicisync.Version;
import io.vicisync.VicisyncException;
import io.vicisync.config.Settings;
import io.vicisync.config.SyncSettings;
import io.vicisync.log.Privacy;
import io.vicisync.log.RunLog;
import io.vicisync.sink.CallPoster;
import io.vicisync.source.VicidialSource;
import io.vicisync.state.Checkpoint;
import io.vicisync.state.CheckpointStore;
import io.vicisync.state.DeadLetters;
import io.vicisync.state.Ledger;
import io.vicisync.state.RunHistory;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code vicisync run}: takes the lock, opens the state, runs the engine, and reports: a summary
 * line in the log and a line in {@code runs.jsonl}. A dry run takes no lock and writes nothing.
 */
public final class RunJob {
  private final Settings settings;
  private final PrintStream out;
  private final PrintStream err;

  public RunJob(Settings settings, PrintStream out, PrintStream err) {
    this.settings = settings;
    this.out = out;
    this.err = err;
  }

  public ExitCode dryRun() {
    SyncSettings s = settings.sync();
    CheckpointStore store = new CheckpointStore(s.stateDir());
    try (RunLog log = RunLog.open(null, err, LockedJob.PID);
        VicidialSource source = VicidialSource.open(settings.db());
        Ledger ledger = Ledger.open(s.stateDir(), source.nowEpoch(), s.ledgerDays(), true)) {
      Optional<Checkpoint> saved = store.load();
      RunContext ctx = new RunContext(s, source, null, ledger, store, null, log,
          new Privacy(s.privacyMode()), out, deadline(s), RunContext.enricher(s, source, log));
      RunResult r = new SyncEngine(ctx).run(saved);
      out.println("dry run: " + r.counts().wouldSend() + " calls would be sent, "
          + r.counts().unchanged() + " already sent unchanged, " + r.held() + " held; scanned "
          + r.cursorBefore() + " → " + r.cursorAfter() + "; nothing was posted or saved");
      return r.exit();
    }
  }

  public ExitCode run() {
    SyncSettings s = settings.sync();
    long started = System.currentTimeMillis();
    return LockedJob.run(s, err, "run", 0, log -> locked(s, log, started));
  }

  private ExitCode locked(SyncSettings s, RunLog log, long started) {
    log.info("start: vicisync " + Version.get() + ", database " + settings.db() + ", receiver "
        + settings.api() + ", state " + s.stateDir());
    RunHistory history = new RunHistory(s.stateDir());
    RunResult r = null;
    ExitCode exit;
    String error = null;
    CheckpointStore store = new CheckpointStore(s.stateDir());
    try {
      Optional<Checkpoint> saved = store.load();
      try (VicidialSource source = VicidialSource.open(settings.db());
          Ledger ledger = Ledger.open(s.stateDir(), source.nowEpoch(), s.ledgerDays(), false)) {
        long deadline = deadline(s);
        try (CallPoster poster = new CallPoster(settings.api(), s.maxInFlight(), s.maxRate(),
            deadline, "vicisync/" + Version.get())) {
          RunContext ctx = new RunContext(s, source, poster, ledger, store,
              new DeadLetters(s.stateDir()), log, new Privacy(s.privacyMode()), null, deadline,
              RunContext.enricher(s, source, log));
          r = new SyncEngine(ctx).run(saved);
          exit = r.exit();
          error = r.error();
        }
      }
    } catch (VicisyncException e) {
      log.error(e.getMessage());
      exit = e.exitCode();
      error = e.getMessage();
    }
    long took = System.currentTimeMillis() - started;
    if (r != null) {
      log.info(summary(r, took));
    }
    history.append(record(r, exit, error, started, took));
    return exit;
  }

  static String summary(RunResult r, long tookMillis) {
    RunCounts c = r.counts();
    return "summary: posted " + c.posted() + ", re-sent " + c.resent() + ", unchanged "
        + c.unchanged() + ", held " + r.held() + ", watching " + r.watching() + ", dead-lettered "
        + c.deadLettered() + ", retries " + r.retries() + ", gave up watching " + c.abandoned()
        + "; cursor " + r.cursorBefore() + " → " + r.cursorAfter() + "; lag "
        + (r.lagSeconds() < 0 ? "-" : r.lagSeconds() + "s") + "; " + tookMillis + " ms"
        + (r.caughtUp() ? "" : "; not caught up") + "; exit " + r.exit().code();
  }

  private static Map<String, Object> record(
      RunResult r, ExitCode exit, String error, long started, long took) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("started", Instant.ofEpochMilli(started).toString());
    m.put("durationMs", took);
    m.put("exit", exit.code());
    if (r != null) {
      m.put("posted", r.counts().posted());
      m.put("resent", r.counts().resent());
      m.put("unchanged", r.counts().unchanged());
      m.put("held", r.held());
      m.put("watching", r.watching());
      m.put("deadLettered", r.counts().deadLettered());
      m.put("retries", r.retries());
      m.put("gaveUpWatching", r.counts().abandoned());
      m.put("cursorBefore", r.cursorBefore());
      m.put("cursorAfter", r.cursorAfter());
      m.put("lagSeconds", r.lagSeconds());
      m.put("caughtUp", r.caughtUp());
    }
    m.put("error", error);
    return m;
  }

  private static long deadline(SyncSettings s) {
    return System.nanoTime() + s.maxRunTime().toNanos();
  }
}
