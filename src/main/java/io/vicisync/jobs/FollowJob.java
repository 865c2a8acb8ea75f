package io.vicisync.jobs;

import io.vicisync.ExitCode;
import io.vicisync.VicisyncException;
import io.vicisync.config.Settings;
import io.vicisync.config.SyncSettings;
import io.vicisync.log.RunLog;
import io.vicisync.source.CallSource;
import io.vicisync.state.disk.RunLock;
import io.vicisync.state.disk.RunStatus;
import io.vicisync.state.disk.StateDir;
import io.vicisync.state.disk.StateOwner;
import io.vicisync.state.disk.StatusStore;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;

/**
 * {@code vicisync follow}: the engine of {@code run} in a loop, holding the lock until stopped.
 * Nothing a poll meets ends it: a failing database or receiver is retried with a growing pause, a
 * refused key every five minutes; only a configuration error found at start exits (78), so that a
 * service manager does not restart it in a tight loop. SIGTERM and SIGINT end it after the posts in
 * flight (exit 0); SIGHUP re-reads the configuration files.
 */
public final class FollowJob {
  /** runs.jsonl and the log's summary: one line per this, not one per poll. */
  static final Duration REPORT_EVERY = Duration.ofHours(1);

  private final Supplier<Settings> loader;
  private final PrintStream out;
  private final PrintStream err;
  private final Object wake = new Object();
  private volatile Settings settings;
  private volatile StopSignal stop; // installed by follow()
  private volatile boolean reload;
  // the signal thread reads it to cut a poll short; in the order of CallSource: outbound first
  private final Map<CallSource, Follower> followers = new ConcurrentSkipListMap<>();

  /**
   * @param loader reads the configuration again (on SIGHUP); throws {@link VicisyncException} when
   *     it is invalid
   */
  public FollowJob(Settings settings, Supplier<Settings> loader, PrintStream out, PrintStream err) {
    this.settings = settings;
    this.loader = loader;
    this.out = out;
    this.err = err;
  }

  public ExitCode follow() {
    SyncSettings s = settings.sync();
    StateDir state = LockedJob.stateDirectory(s);
    try (RunLog log = RunLog.open(s.logFile(), err, LockedJob.PID)) {
      stop = StopSignal.install(this::stopping);
      boolean hangUp = Signals.on("HUP", this::reloadSoon);
      if (!stop.handled() || !hangUp) {
        log.warn(
            "this JVM does not let vicisync handle signals: SIGTERM ends follow at once (nothing"
                + " is lost; the posts in flight may be sent again) and SIGHUP ends it too");
      }
      Optional<RunLock> lock = lock(state, log);
      if (lock.isEmpty()) {
        return stop.stopped() ? ExitCode.OK : ExitCode.TEMPORARY;
      }
      RunLock held = lock.get();
      try {
        try {
          StateOwner.claim(state, settings.sync().instance().label());
        } catch (VicisyncException e) {
          log.error(e.getMessage());
          return e.exitCode();
        }
        return loop(state, log);
      } finally {
        held.close();
      }
    }
  }

  /**
   * The lock, once a cron run or an administrator's command holding it has finished; empty when
   * another follow holds it (one is enough) or a stop signal came first.
   */
  private Optional<RunLock> lock(StateDir state, RunLog log) {
    boolean told = false;
    while (!stop.stopped()) {
      StringBuilder holder = new StringBuilder();
      Optional<RunLock> l =
          RunLock.acquire(state.lock(), LockedJob.PID + " " + LockedJob.FOLLOW, 0, holder, h -> {});
      if (l.isPresent()) {
        return l;
      }
      if (LockedJob.FOLLOW.equals(LockedJob.commandOf(holder.toString()))) {
        log.error(
            LockedJob.describe(holder.toString())
                + " already holds "
                + state.lock()
                + "; one follow per state directory is enough, this one exits");
        return Optional.empty();
      }
      if (!told) {
        log.info("follow: waiting for " + LockedJob.describe(holder.toString()) + " to finish");
        told = true;
      }
      sleep(System.nanoTime() + Duration.ofSeconds(1).toNanos());
    }
    return Optional.empty();
  }

  private ExitCode loop(StateDir state, RunLog log) {
    log.info(
        "follow: "
            + Wiring.describe(settings, state)
            + "; a poll every "
            + seconds(settings.sync().interval())
            + ", settle "
            + settings.sync().settle().toSeconds()
            + " s");
    rebuild(state);
    StatusStore statusFile = state.stores().status();
    long reportedAt = System.currentTimeMillis();
    try {
      while (!stop.stopped()) {
        if (reload) {
          reload = false;
          reloadSettings(state, log);
        }
        RunStatus status = null;
        for (Follower f : followers.values()) {
          if (stop.stopped() || !f.schedule.pollDue()) {
            continue;
          }
          boolean scan = f.schedule.scanDue();
          SourceRun.Outcome p = f.poll(settings, log, out, scan, stop::stopped);
          status = Reports.record(state, statusFile, log, p.report(), false).status();
          FollowSchedule.After next = f.schedule.after(p, scan, settings.sync(), f.source.label());
          if (next.info() != null) {
            log.info(next.info());
          }
          if (next.error() != null) {
            log.error(next.error());
          }
          if (next.exit().isPresent()) {
            return next.exit().get();
          }
        }
        if (status != null) {
          Reports.writeMetrics(settings.sync(), state, log, status);
        }
        if (System.currentTimeMillis() - reportedAt >= REPORT_EVERY.toMillis()) {
          report(state, log);
          reportedAt = System.currentTimeMillis();
        }
        long next = Long.MAX_VALUE;
        for (Follower f : followers.values()) {
          next = next == Long.MAX_VALUE ? f.schedule.due() : earlier(next, f.schedule.due());
        }
        sleep(next);
      }
      log.info("follow: " + stop.which() + ": stopping; the posts in flight have finished");
      return ExitCode.OK;
    } finally {
      report(state, log);
      followers.values().forEach(Follower::close);
      followers.clear();
    }
  }

  private static long earlier(long a, long b) {
    return a - b < 0 ? a : b;
  }

  /**
   * Each source's polls since the last report, as one line in runs.jsonl and the log; the
   * connections and the ledger window are opened afresh at the next poll, which prunes the ledger
   * of days past ledger_days as a cron run's start does.
   */
  private void report(StateDir state, RunLog log) {
    long now = System.currentTimeMillis();
    for (Follower f : followers.values()) {
      RunStatus.LastRun hour = f.hour.take(now);
      if (hour != null) {
        log.info(
            hour.summary()
                + " (follow, "
                + seconds(Duration.ofMillis(hour.durationMillis()))
                + ")");
        try {
          state.stores().runs().append(hour);
        } catch (VicisyncException e) {
          log.error(e.getMessage());
        }
      }
      f.reconnect();
    }
  }

  private void rebuild(StateDir state) {
    Map<CallSource, Follower> before = new LinkedHashMap<>(followers);
    followers.clear();
    for (CallSource src : Wiring.sources(settings.sync())) {
      Follower f = before.remove(src);
      if (f == null) {
        f = new Follower(src, state);
      }
      f.reconnect(); // the next poll connects with the settings as they are now
      f.schedule.restart();
      followers.put(src, f);
    }
    before.values().forEach(Follower::close);
  }

  /** SIGHUP: new settings take effect at the next poll; invalid ones are said and not taken. */
  private void reloadSettings(StateDir state, RunLog log) {
    Settings next;
    try {
      next = loader.get();
    } catch (VicisyncException e) {
      log.error("configuration not reloaded, the previous settings stay: " + e.getMessage());
      return;
    }
    if (!next.sync().stateDir().equals(settings.sync().stateDir())) {
      log.error(
          "configuration not reloaded: state_dir changed to "
              + next.sync().stateDir()
              + "; this follow holds the lock of "
              + state
              + ", so restart it for that");
      return;
    }
    boolean newLog =
        next.sync().logFile() != null && !next.sync().logFile().equals(settings.sync().logFile());
    settings = next;
    rebuild(state);
    log.info(
        "configuration reloaded: database "
            + next.db()
            + ", receiver "
            + next.api()
            + ", calls from "
            + Wiring.sources(next.sync()).stream().map(c -> c.table().sqlName()).toList()
            + (newLog ? "; a new log_file takes effect at restart" : ""));
  }

  /** A stop signal: the polls under way start no post, and the loop wakes to end. */
  private void stopping() {
    for (Follower f : followers.values()) {
      f.stop();
    }
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  private void reloadSoon() {
    reload = true;
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  /** Until {@code nanoTime}, or a signal. */
  private void sleep(long nanoTime) {
    synchronized (wake) {
      long left;
      while (!stop.stopped() && !reload && (left = nanoTime - System.nanoTime()) > 0) {
        try {
          wake.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stop.stop("interrupt");
          return;
        }
      }
    }
  }

  static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
