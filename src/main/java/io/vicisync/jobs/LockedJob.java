package io.vicisync.jobs;

import io.vicisync.ExitCode;
import io.vicisync.VicisyncException;
import io.vicisync.config.SyncSettings;
import io.vicisync.log.RunLog;
import io.vicisync.state.disk.RunLock;
import io.vicisync.state.disk.SafeFiles;
import io.vicisync.state.disk.StateDir;
import io.vicisync.state.disk.StateOwner;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs a command that changes state under the state directory's lock, with its log open: one
 * command at a time, whether cron's run or an administrator's backfill or replay.
 */
final class LockedJob {
  static final long PID = ProcessHandle.current().pid();

  /**
   * How long an administrator's command (backfill, reconcile, dead-letters) waits for the lock: a
   * cron run takes seconds, and the command waits for it rather than fail.
   */
  static final long LOCK_WAIT_SECONDS = 120;

  /** The resident command's name, as the lock file records its holder. */
  static final String FOLLOW = "follow";

  private LockedJob() {}

  /**
   * Runs {@code body} holding the lock. {@code waitSeconds} 0: a held lock ends this command with
   * OK (cron's next run comes in a minute); more: waits that long, then ends it with TEMPORARY.
   */
  static ExitCode run(
      SyncSettings s,
      PrintStream err,
      String command,
      long waitSeconds,
      Function<RunLog, ExitCode> body) {
    StateDir state = stateDirectory(s);
    try (RunLog log = RunLog.open(s.logFile(), err, PID)) {
      StringBuilder holder = new StringBuilder();
      Optional<RunLock> lock =
          RunLock.acquire(state.lock(), PID + " " + command, 0, holder, h -> {});
      if (lock.isEmpty() && waitSeconds > 0 && !FOLLOW.equals(commandOf(holder.toString()))) {
        // follow runs until stopped: waiting for it would only delay the message below
        lock =
            RunLock.acquire(
                state.lock(),
                PID + " " + command,
                waitSeconds * 1000,
                holder,
                h ->
                    err.println(
                        "vicisync: waiting for "
                            + describe(h)
                            + " to finish (up to "
                            + waitSeconds
                            + " s)…"));
      }
      if (lock.isEmpty()) {
        boolean following = FOLLOW.equals(commandOf(holder.toString()));
        if (waitSeconds == 0 && following) {
          if (state.stores().followNotice().due(System.currentTimeMillis())) {
            log.info(
                describe(holder.toString())
                    + " is delivering the calls; this "
                    + command
                    + " exits (said once an hour; the cron line can be turned off, see"
                    + " README, Cron or service)");
          }
          return ExitCode.OK;
        }
        if (following) {
          log.error(
              describe(holder.toString())
                  + " holds "
                  + state.lock()
                  + " and runs until stopped: stop it (systemctl stop vicisync), run "
                  + command
                  + ", then start it again");
          return ExitCode.TEMPORARY;
        }
        if (waitSeconds == 0) {
          log.info(
              "another run ("
                  + describe(holder.toString())
                  + ") is in progress; this one"
                  + " exits");
          return ExitCode.OK;
        }
        log.error(
            describe(holder.toString())
                + " still holds "
                + state.lock()
                + " after "
                + waitSeconds
                + " s; try again when it has finished");
        return ExitCode.TEMPORARY;
      }
      RunLock held = lock.get();
      try {
        try {
          StateOwner.claim(state, s.instance().label());
        } catch (VicisyncException e) {
          log.error(e.getMessage());
          return e.exitCode();
        }
        return body.apply(log);
      } finally {
        held.close();
      }
    }
  }

  /** The state directory, made if need be, and checked as {@link SafeFiles} requires. */
  static StateDir stateDirectory(SyncSettings s) {
    StateDir state = Wiring.state(s);
    try {
      SafeFiles.directory(state.root(), "the state directory");
    } catch (IOException e) {
      throw VicisyncException.stateDisk(
          s.stateDir(),
          e,
          VicisyncException.config(
              "cannot create the state directory "
                  + s.stateDir()
                  + " ("
                  + e.getClass().getSimpleName()
                  + "); create it for the user cron runs vicisync as, or"
                  + " pass --state-dir"));
    }
    return state;
  }

  /** "4242 follow" → "follow"; "" for a bare pid. */
  static String commandOf(String holder) {
    int sp = holder.indexOf(' ');
    return sp < 0 ? "" : holder.substring(sp + 1).strip();
  }

  /** "4242 backfill" as "pid 4242, vicisync backfill"; a bare pid (older lock files) as is. */
  static String describe(String holder) {
    if (holder.isEmpty()) {
      return "pid unknown";
    }
    int sp = holder.indexOf(' ');
    return sp < 0
        ? "pid " + holder
        : "pid " + holder.substring(0, sp) + ", vicisync " + holder.substring(sp + 1);
  }
}
