package io.vicisync.jobs;

import io.vicisync.ExitCode;
import io.vicisync.VicisyncException;
import io.vicisync.config.Settings;
import io.vicisync.engine.Reread;
import io.vicisync.engine.RunResult;
import io.vicisync.engine.SeenRows;
import io.vicisync.engine.SyncEngine;
import io.vicisync.jobs.Wiring.Mode;
import io.vicisync.log.RunLog;
import io.vicisync.source.CallSource;
import io.vicisync.state.Checkpoint;
import io.vicisync.state.disk.CheckpointStore;
import io.vicisync.state.disk.Ledger;
import io.vicisync.state.disk.RunStatus;
import io.vicisync.state.disk.StateDir;
import java.io.PrintStream;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One call source's run, the same for cron's {@code run} and each poll of {@code follow}: the
 * database connection, ledger window and poster, the engine from the saved checkpoint, and the one
 * record of how it went. A resident one (follow) keeps its connections, checkpoint and memory of
 * settled rows from poll to poll, so that a poll costs only what is new, and builds them all again
 * after a failed poll, which is how a restarted database or receiver is reconnected.
 */
final class SourceRun implements AutoCloseable {
  /**
   * How a run went: its record; until when the receiver asked us to stay away (0: it did not); in
   * how many seconds a call seen settling may be sent (-1: none); the engine's result (null when
   * the run failed before the engine ran, {@code report} then says why).
   */
  record Outcome(
      RunStatus.LastRun report,
      long rateLimitedUntilMillis,
      long nextSettleSeconds,
      RunResult result) {
    ExitCode exit() {
      return ExitCode.of(report.exit());
    }

    boolean ok() {
      return report.succeeded();
    }
  }

  /** How often, at most, a resident run counts what it has left while behind. */
  private static final long BACKLOG_EVERY_MILLIS = 60_000;

  final CallSource source;
  private final StateDir state;
  private final CheckpointStore store;
  private final boolean resident;
  private volatile Wiring wiring;

  /** Acknowledged calls the full state disk has not taken yet: never let go, never posted again. */
  private Ledger unwritten;

  private Optional<Checkpoint> checkpoint; // null: read from disk at the next run
  private SeenRows seen = new SeenRows();

  /**
   * The backlog last counted while behind, and when: follow polls every few seconds, and a count
   * reads up to 100,000 rows, so while it drains the metrics show a count at most a minute old.
   */
  private Long backlog;

  private long backlogCountedMillis;

  private SourceRun(CallSource source, StateDir state, boolean resident) {
    this.source = source;
    this.state = state;
    this.resident = resident;
    this.store =
        resident ? state.stores().residentCheckpoints(source) : state.stores().checkpoints(source);
  }

  /** A run that happens once: cron's minute. */
  static SourceRun once(CallSource source, StateDir state) {
    return new SourceRun(source, state, false);
  }

  /** Polls that keep what they opened: follow's. */
  static SourceRun resident(CallSource source, StateDir state) {
    return new SourceRun(source, state, true);
  }

  /**
   * Runs the engine once. {@code scan}: read what is new (else, for a resident run that has a
   * checkpoint, only the calls seen settling, by primary key); {@code stopping}: a stop signal
   * arrived, the run then starts no post.
   */
  Outcome run(
      Settings settings, RunLog log, PrintStream out, boolean scan, BooleanSupplier stopping) {
    long started = System.currentTimeMillis();
    RunResult r = null;
    Long left = null;
    ExitCode exit;
    String error = null;
    long rateLimited = 0;
    try {
      if (checkpoint == null) {
        checkpoint = store.load();
      }
      if (wiring == null) {
        wiring =
            Wiring.open(
                settings,
                source,
                resident ? Mode.FOLLOW : Mode.SEND,
                log,
                out,
                settings.sync().maxRunTime(),
                unwritten);
        unwritten = null;
        wiring.logStrays(log);
      }
      wiring.context.deadline().reset(settings.sync().maxRunTime());
      wiring.sender.resume();
      if (stopping.getAsBoolean()) {
        wiring.context.deadline().expire();
      }
      SyncEngine engine = wiring.engine(store);
      if (resident) {
        engine.seen(seen).reread(Reread.FOLLOW);
        if (!scan && checkpoint.isPresent()) {
          engine.watchedOnly();
        }
      } else {
        engine.reread(Reread.CRON);
      }
      r = engine.run(checkpoint);
      left = backlog(r, engine.checkpoint());
      exit = r.exit();
      error = r.error();
      rateLimited = wiring.sender.rateLimitedUntilMillis();
      Reports.rememberReceiver(state, wiring.sender, error, settings.api().timeout());
      if (r.exit().didItsWork() || r.exit() == ExitCode.IO_ERROR) {
        // on a full state disk what the receiver acknowledged is held in memory until it can be
        // written, so the checkpoint is kept rather than the older disk read again
        checkpoint = Optional.of(engine.checkpoint());
      } else {
        reconnect();
      }
    } catch (VicisyncException e) {
      exit = e.exitCode();
      error = e.getMessage();
      reconnect();
    }
    RunStatus.LastRun report =
        Reports.report(source, r, exit, error, started, System.currentTimeMillis() - started, left);
    return new Outcome(report, rateLimited, r == null ? -1 : r.nextSettleSeconds(), r);
  }

  private Long backlog(RunResult r, Checkpoint after) {
    long now = System.currentTimeMillis();
    if (r.caughtUp() || now - backlogCountedMillis >= BACKLOG_EVERY_MILLIS) {
      backlog = wiring.backlog(r, after);
      backlogCountedMillis = r.caughtUp() ? 0 : now;
    }
    return backlog;
  }

  /** A stop signal: the run under way starts no more posts; those in flight finish. */
  void stop() {
    Wiring w = wiring;
    if (w != null) {
      w.context.deadline().expire();
    }
  }

  /**
   * Lets go of the connections, the ledger window and the checkpoint held in memory; the next run
   * opens them afresh from the settings it is given and the files on disk.
   */
  void reconnect() {
    try {
      store.flush();
    } catch (VicisyncException e) {
      // a disk that cannot take it was said by the run that met it; the older file is safe
    }
    checkpoint = null;
    seen = new SeenRows(); // what the ledger on disk says is the truth again
    Wiring w = wiring;
    if (w != null) {
      wiring = null;
      unwritten = w.closeHoldingUnwritten();
    }
  }

  @Override
  public void close() {
    if (!resident && wiring != null) {
      Wiring w = wiring;
      wiring = null;
      w.close();
      return;
    }
    reconnect();
    if (unwritten != null) {
      unwritten.close();
    }
  }
}
