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
import io.vicisync.state.CheckpointStore;
import io.vicisync.state.Ledger;
import io.vicisync.state.RunStatus;
import io.vicisync.state.StateDir;
import java.io.PrintStream;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One call source under {@code follow}: its database connection, ledger window, poster and
 * checkpoint, kept from poll to poll so that a poll costs only what is new. After a failed poll it
 * is all built again at the next, which is how a restarted database or receiver is reconnected.
 */
final class Follower implements AutoCloseable {
  final CallSource source;
  private final StateDir state;
  private final CheckpointStore store;
  private Wiring wiring;

  /** Acknowledged calls the full state disk has not taken yet: never let go, never posted again. */
  private Ledger unwritten;

  private Optional<Checkpoint> checkpoint; // null: read from disk at the next poll
  final HourTotals hour = new HourTotals();
  private SeenRows seen = new SeenRows();

  /**
   * The backlog last counted while behind, and when: follow polls every few seconds, and a count
   * reads up to 100,000 rows, so while it drains the metrics show a count at most a minute old.
   */
  private Long backlog;

  private long backlogCountedMillis;

  /** When it polls next, and its outages: read and written by the loop alone. */
  final FollowSchedule schedule = new FollowSchedule(FollowSchedule.Clock.SYSTEM);

  /**
   * One poll's record; until when the receiver asked us to stay away (0: it did not); in how many
   * seconds a call seen settling may be sent (-1: none).
   */
  record Poll(RunStatus.LastRun report, long rateLimitedUntilMillis, long nextSettleSeconds) {
    ExitCode exit() {
      return ExitCode.of(report.exit());
    }

    boolean ok() {
      return report.succeeded();
    }
  }

  Follower(CallSource source, StateDir state) {
    this.source = source;
    this.state = state;
    this.store = CheckpointStore.resident(state, source);
  }

  /**
   * {@code scan}: read what is new (else only the calls seen settling, by primary key); {@code
   * stopping}: a stop signal arrived, the poll then starts no post.
   */
  Poll poll(
      Settings settings, RunLog log, PrintStream out, boolean scan, BooleanSupplier stopping) {
    long started = System.currentTimeMillis();
    RunResult r = null;
    Long left = null;
    ExitCode exit;
    String error = null;
    long rateLimited = 0;
    try {
      if (wiring == null) {
        wiring =
            Wiring.open(
                settings, source, Mode.FOLLOW, log, out, settings.sync().maxRunTime(), unwritten);
        unwritten = null;
        wiring.logStrays(log);
      }
      wiring.context.deadline().reset(settings.sync().maxRunTime());
      wiring.sender.resume();
      if (stopping.getAsBoolean()) {
        wiring.context.deadline().expire();
      }
      if (checkpoint == null) {
        checkpoint = store.load();
      }
      SyncEngine engine = wiring.engine(store).seen(seen).reread(Reread.FOLLOW);
      if (!scan && checkpoint.isPresent()) {
        engine.watchedOnly();
      }
      r = engine.run(checkpoint);
      left = backlog(r, engine.checkpoint());
      exit = r.exit();
      error = r.error();
      rateLimited = wiring.sender.rateLimitedUntilMillis();
      Reports.rememberReceiver(state, wiring.sender, error, settings.api().timeout());
      if (r.exit().didItsWork()) {
        checkpoint = Optional.of(engine.checkpoint());
      } else if (r.exit() == ExitCode.IO_ERROR) {
        // the state disk is full: what the receiver acknowledged is held in memory until it can
        // be written, so keep it (and the checkpoint) rather than read the older disk again
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
    hour.add(report);
    return new Poll(report, rateLimited, r == null ? -1 : r.nextSettleSeconds());
  }

  private Long backlog(RunResult r, Checkpoint after) {
    long now = System.currentTimeMillis();
    if (r.caughtUp() || now - backlogCountedMillis >= 60_000) {
      backlog = wiring.backlog(r, after);
      backlogCountedMillis = r.caughtUp() ? 0 : now;
    }
    return backlog;
  }

  /** A stop signal: the poll under way starts no more posts; those in flight finish. */
  void stop() {
    Wiring w = wiring;
    if (w != null) {
      w.context.deadline().expire();
    }
  }

  /**
   * Lets go of the connections, the ledger window and the checkpoint held in memory; the next poll
   * opens them afresh from the settings it is given and the files on disk.
   */
  void reconnect() {
    try {
      store.flush();
    } catch (VicisyncException e) {
      // a disk that cannot take it was said by the poll that met it; the older file is safe
    }
    checkpoint = null;
    seen = new SeenRows(); // what the ledger on disk says is the truth again
    if (wiring != null) {
      Wiring w = wiring;
      wiring = null;
      unwritten = w.closeHoldingUnwritten();
    }
  }

  @Override
  public void close() {
    reconnect();
    if (unwritten != null) {
      unwritten.close();
    }
  }
}
