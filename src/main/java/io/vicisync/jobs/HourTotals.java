package io.vicisync.jobs;

import io.vicisync.ExitCode;
import io.vicisync.state.disk.RunStatus.LastRun;

/**
 * {@code follow} polls 720 times an hour; runs.jsonl and the log's summary get one line per hour
 * (and one at exit) with the hour's counts, the worst exit and the last poll's cursor and lag.
 */
final class HourTotals {
  private LastRun first;
  private LastRun last;
  private int posted;
  private int resent;
  private int unchanged;
  private int deadLettered;
  private int gaveUpWatching;
  private int withoutDid;
  private int changedNotResent;
  private int retries;
  private ExitCode worst = ExitCode.OK;
  private String error;

  void add(LastRun poll) {
    if (first == null) {
      first = poll;
    }
    last = poll;
    posted += poll.posted();
    resent += poll.resent();
    unchanged += poll.unchanged();
    deadLettered += poll.deadLettered();
    gaveUpWatching += poll.gaveUpWatching();
    withoutDid += poll.withoutDid();
    changedNotResent += poll.changedNotResent();
    retries += poll.retries() == null ? 0 : poll.retries();
    worst = worst.worst(ExitCode.of(poll.exit()));
    if (poll.error() != null) {
      error = poll.error();
    }
  }

  /** The polls since the last call as one run; null when there was none. Starts a new hour. */
  LastRun take(long nowMillis) {
    if (first == null) {
      return null;
    }
    LastRun total =
        new LastRun(
            last.source(),
            first.startedMillis(),
            nowMillis - first.startedMillis(),
            worst.code(),
            posted,
            resent,
            unchanged,
            deadLettered,
            gaveUpWatching,
            last.held(),
            last.watching(),
            retries,
            first.cursorBefore(),
            last.cursorAfter(),
            last.lagSeconds(),
            last.newestDeliveredEnd(),
            last.caughtUp(),
            error,
            withoutDid,
            changedNotResent,
            last.backlog());
    first = null;
    last = null;
    posted = resent = unchanged = deadLettered = gaveUpWatching = retries = 0;
    withoutDid = changedNotResent = 0;
    worst = ExitCode.OK;
    error = null;
    return total;
  }
}
