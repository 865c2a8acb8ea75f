package io.vicisync.engine;

import io.vicisync.ExitCode;
import io.vicisync.Version;
import io.vicisync.VicisyncException;
import io.vicisync.config.Settings;
import io.vicisync.config.SyncSettings;
import io.vicisync.log.Privacy;
import io.vicisync.log.RunLog;
import io.vicisync.sink.CallPoster;
import io.vicisync.source.CallTable;
import io.vicisync.source.VicidialSource;
import io.vicisync.state.Checkpoint;
import io.vicisync.state.CheckpointStore;
import io.vicisync.state.DeadLetters;
import io.vicisync.state.Ledger;
import io.vicisync.state.RateLimitStore;
import io.vicisync.state.RunHistory;
import io.vicisync.state.RunStatus;
import io.vicisync.state.StatusStore;
import io.vicisync.log.MetricsFile;
import java.io.PrintStream;
import java.time.Instant;
import io.vicisync.source.Enricher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    ExitCode exit = ExitCode.OK;
    try (RunLog log = RunLog.open(null, err, LockedJob.PID);
        VicidialSource source = VicidialSource.open(settings.db())) {
      for (CallTable t : tables(s)) {
        CheckpointStore store = new CheckpointStore(s.stateDir(), stateSuffix(t));
        try (Ledger ledger = Ledger.openDir(s.stateDir().resolve("ledger" + stateSuffix(t)),
            source.nowEpoch(), s.ledgerDays(), true)) {
          Optional<Checkpoint> saved = store.load();
          RunContext ctx = new RunContext(s, source, null, ledger, store, null, log,
              new Privacy(s.privacyMode()), out, deadline(s), enricher(s, source, log, t), t);
          RunResult r = new SyncEngine(ctx).run(saved);
          out.println("dry run" + label(t) + ": " + r.counts().wouldSend() + " calls would be"
              + " sent, " + r.counts().unchanged() + " already sent unchanged, " + r.held()
              + " held; scanned " + r.cursorBefore() + " → " + r.cursorAfter() + "; nothing was"
              + " posted or saved");
          exit = exit.worst(r.exit());
        }
      }
    }
    return exit;
  }

  public ExitCode run() {
    SyncSettings s = settings.sync();
    return LockedJob.run(s, err, "run", 0, log -> {
      RateLimitStore limiter = new RateLimitStore(s.stateDir());
      Optional<RateLimitStore.Pause> pause = limiter.active(System.currentTimeMillis());
      if (pause.isPresent()) {
        return paused(s, log, pause.get());
      }
      log.info("start: vicisync " + Version.get() + ", database " + settings.db() + ", receiver "
          + settings.api() + ", state " + s.stateDir() + ", calls from "
          + tables(s).stream().map(CallTable::sqlName).toList());
      ExitCode exit = ExitCode.OK;
      RunStatus status = null;
      for (CallTable t : tables(s)) {
        Outcome r = locked(s, log, t);
        exit = exit.worst(r.exit());
        status = r.status();
        if (exit != ExitCode.OK && exit != ExitCode.DEAD_LETTERED) {
          break; // the receiver or the database is failing: the next source would fail the same
        }
      }
      if (s.metricsFile() != null && status != null) {
        writeMetrics(s, log, status);
      }
      return exit;
    });
  }

  /**
   * The receiver asked us to stay away until a time not reached yet: post nothing and exit 75,
   * in the log only (the run that met the 429 already said it on stderr, so cron mails it once).
   */
  private ExitCode paused(SyncSettings s, RunLog log, RateLimitStore.Pause p) {
    String why = "the receiver is rate-limiting this server until "
        + Instant.ofEpochMilli(p.untilMillis()).atZone(java.time.ZoneId.systemDefault())
            .toLocalDateTime().withNano(0).toString().replace('T', ' ')
        + " (" + p.reason() + "); this run posts nothing (" + new RateLimitStore(s.stateDir())
            .file() + ")";
    log.info(why);
    long now = System.currentTimeMillis();
    RunStatus status = null;
    for (CallTable t : tables(s)) {
      new RunHistory(s.stateDir()).append(record(t, null, ExitCode.TEMPORARY, why, now, 0));
      status = new StatusStore(s.stateDir()).record(sourceName(t),
          lastRun(null, ExitCode.TEMPORARY, why, now, 0));
    }
    if (s.metricsFile() != null && status != null) {
      writeMetrics(s, log, status);
    }
    return ExitCode.TEMPORARY;
  }

  /** A metrics file that cannot be written is reported, but the calls were delivered: exit stays. */
  private static void writeMetrics(SyncSettings s, RunLog log, RunStatus status) {
    try {
      MetricsFile.write(s.metricsFile(), status, new DeadLetters(s.stateDir()).count());
    } catch (VicisyncException e) {
      log.error(e.getMessage());
    }
  }

  /** vicidial_log for outbound calls, vicidial_closer_log for inbound, each with its own state. */
  private static List<CallTable> tables(SyncSettings s) {
    List<CallTable> t = new ArrayList<>();
    if (s.sources().outbound()) {
      t.add(CallTable.LOG);
    }
    if (s.sources().inbound()) {
      t.add(CallTable.CLOSER);
    }
    return t;
  }

  /** Outbound keeps the names it always had; inbound's checkpoint and ledger are its own. */
  public static String stateSuffix(CallTable t) {
    return t == CallTable.CLOSER ? "-inbound" : "";
  }

  private static String label(CallTable t) {
    return t == CallTable.CLOSER ? " (inbound)" : "";
  }

  /** Only outbound calls were dialed with a caller ID of ours. */
  private static Enricher enricher(SyncSettings s, VicidialSource source, RunLog log,
      CallTable t) {
    return t == CallTable.CLOSER ? null : RunContext.enricher(s, source, log);
  }

  /** How one source's run ended; {@code status} null when it could not be recorded. */
  private record Outcome(ExitCode exit, RunStatus status) {}

  private Outcome locked(SyncSettings s, RunLog log, CallTable table) {
    long started = System.currentTimeMillis();
    RunHistory history = new RunHistory(s.stateDir());
    RunResult r = null;
    ExitCode exit;
    String error = null;
    CheckpointStore store = new CheckpointStore(s.stateDir(), stateSuffix(table));
    try {
      Optional<Checkpoint> saved = store.load();
      try (VicidialSource source = VicidialSource.open(settings.db());
          Ledger ledger = Ledger.openDir(s.stateDir().resolve("ledger" + stateSuffix(table)),
              source.nowEpoch(), s.ledgerDays(), false)) {
        if (!ledger.strays().isEmpty()) {
          log.info("ignoring " + ledger.strays().stream().map(io.vicisync.Text::safe).toList()
              + " in " + ledger.dir() + ": not ledger segments (YYYYMMDD.led)");
        }
        long deadline = deadline(s);
        try (CallPoster poster = new CallPoster(settings.api(), s.maxInFlight(), s.maxRate(),
            deadline, "vicisync/" + Version.get())) {
          RunContext ctx = new RunContext(s, source, poster, ledger, store,
              new DeadLetters(s.stateDir()), log, new Privacy(s.privacyMode()), null, deadline,
              enricher(s, source, log, table), table);
          r = new SyncEngine(ctx).run(saved);
          exit = r.exit();
          error = r.error();
          rememberRateLimit(s, poster, error);
        }
      }
    } catch (VicisyncException e) {
      log.error(e.getMessage());
      exit = e.exitCode();
      error = e.getMessage();
    }
    long took = System.currentTimeMillis() - started;
    if (r != null) {
      log.info(summary(r, took).replaceFirst("^summary", "summary" + label(table)));
    }
    RunStatus status = null;
    try {
      history.append(record(table, r, exit, error, started, took));
      status = new StatusStore(s.stateDir()).record(sourceName(table),
          lastRun(r, exit, error, started, took));
    } catch (VicisyncException e) {
      if (exit != ExitCode.IO_ERROR) { // a full disk was said already
        log.error(e.getMessage());
      }
      exit = exit.worst(e.exitCode());
    }
    return new Outcome(exit, status);
  }

  /** The name status, check and metrics know a call source by. */
  public static String sourceName(CallTable t) {
    return t == CallTable.CLOSER ? "inbound" : "outbound";
  }

  private static RunStatus.LastRun lastRun(
      RunResult r, ExitCode exit, String error, long started, long took) {
    if (r == null) {
      return new RunStatus.LastRun(started, took, exit.code(), 0, 0, 0, 0, 0, 0, 0, -1, 0, false,
          error);
    }
    RunCounts c = r.counts();
    return new RunStatus.LastRun(started, took, exit.code(), c.posted(), c.resent(),
        c.unchanged(), c.deadLettered(), c.abandoned(), r.held(), r.watching(), r.lagSeconds(),
        r.newestDeliveredEnd(), r.caughtUp(), error);
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

  /** A Retry-After still ahead when the run ends keeps the next runs from posting until then. */
  static void rememberRateLimit(SyncSettings s, CallPoster poster, String error) {
    long until = poster.rateLimitedUntilMillis();
    if (until > System.currentTimeMillis()) {
      new RateLimitStore(s.stateDir()).save(new RateLimitStore.Pause(until,
          error == null ? "HTTP 429 with Retry-After" : io.vicisync.Text.oneLine(error, 300)));
    }
  }

  private static Map<String, Object> record(
      CallTable table, RunResult r, ExitCode exit, String error, long started, long took) {
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
    m.put("source", sourceName(table));
    return m;
  }

  private static long deadline(SyncSettings s) {
    return System.nanoTime() + s.maxRunTime().toNanos();
  }
}
