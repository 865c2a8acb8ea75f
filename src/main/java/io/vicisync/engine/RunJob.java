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
      log.info("start: vicisync " + Version.get() + ", database " + settings.db() + ", receiver "
          + settings.api() + ", state " + s.stateDir() + ", calls from "
          + tables(s).stream().map(CallTable::sqlName).toList());
      ExitCode exit = ExitCode.OK;
      RunStatus status = null;
      for (CallTable t : tables(s)) {
        Map.Entry<ExitCode, RunStatus> r = locked(s, log, t);
        exit = exit.worst(r.getKey());
        status = r.getValue();
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

  private Map.Entry<ExitCode, RunStatus> locked(SyncSettings s, RunLog log, CallTable table) {
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
        long deadline = deadline(s);
        try (CallPoster poster = new CallPoster(settings.api(), s.maxInFlight(), s.maxRate(),
            deadline, "vicisync/" + Version.get())) {
          RunContext ctx = new RunContext(s, source, poster, ledger, store,
              new DeadLetters(s.stateDir()), log, new Privacy(s.privacyMode()), null, deadline,
              enricher(s, source, log, table), table);
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
      log.info(summary(r, took).replaceFirst("^summary", "summary" + label(table)));
    }
    Map<String, Object> rec = record(r, exit, error, started, took);
    rec.put("source", sourceName(table));
    history.append(rec);
    RunStatus status = new StatusStore(s.stateDir()).record(sourceName(table),
        lastRun(r, exit, error, started, took));
    return Map.entry(exit, status);
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
