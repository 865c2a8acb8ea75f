package io.vicisync.jobs;

import io.vicisync.ExitCode;
import io.vicisync.config.SyncSettings;
import java.time.Duration;
import java.util.Optional;

/**
 * When one call source under {@code follow} polls next, and what its outages are told: the next
 * scan and the next look at settling calls, the pause after a failure (doubling up to
 * --max-backoff; five minutes for a refused key or a wrong address; longer when the receiver
 * asked), one line when an outage starts, a reminder an hour while it lasts, one line when it ends.
 * Its clock is injected, so that each decision has a unit test.
 */
final class FollowSchedule {
  /** A refused key or a wrong address is not fixed by asking again soon. */
  static final Duration CONFIG_RETRY = Duration.ofMinutes(5);

  /** A wake for a settling call never comes sooner than this after the last poll. */
  static final Duration SETTLE_WAKE_MIN = Duration.ofMillis(500);

  /** How often a lasting outage is said again. */
  static final Duration REMIND_EVERY = Duration.ofHours(1);

  /** The clocks the schedule reads: a monotonic one to schedule by, the wall's to tell. */
  interface Clock {
    long nanos();

    long millis();

    Clock SYSTEM =
        new Clock() {
          @Override
          public long nanos() {
            return System.nanoTime();
          }

          @Override
          public long millis() {
            return System.currentTimeMillis();
          }
        };
  }

  /**
   * What the loop does after a poll: {@code exit} present ends follow; {@code info} and {@code
   * error} (null: nothing) are lines for the log.
   */
  record After(Optional<ExitCode> exit, String info, String error) {
    static final After QUIET = new After(Optional.empty(), null, null);
  }

  private final Clock clock;
  private long nextScan;
  private long nextSettle = Long.MAX_VALUE;
  private int failures;
  private long failingSince;
  private ExitCode failingWith;
  private long said;
  private boolean everSucceeded;

  FollowSchedule(Clock clock) {
    this.clock = clock;
    this.nextScan = clock.nanos();
  }

  /** From now on as at start: a scan at once, no settling call known. */
  void restart() {
    nextScan = clock.nanos();
    nextSettle = Long.MAX_VALUE;
  }

  /** When the next poll is due (System.nanoTime's scale). */
  long due() {
    return nextSettle == Long.MAX_VALUE || nextScan - nextSettle <= 0 ? nextScan : nextSettle;
  }

  /** Whether a poll now reads what is new, or only looks at the calls seen settling. */
  boolean scanDue() {
    return clock.nanos() - nextScan >= 0;
  }

  /** Whether a poll is due now. */
  boolean pollDue() {
    return due() - clock.nanos() <= 0;
  }

  /**
   * Schedules the next poll from how this one ended ({@code scan}: it read what is new), and says
   * what an outage needs said. A configuration error before any poll succeeded ends follow.
   */
  After after(SourceRun.Outcome p, boolean scan, SyncSettings s, String label) {
    long now = clock.millis();
    if (p.ok()) {
      String back =
          failingSince == 0
              ? null
              : "follow"
                  + label
                  + ": back after "
                  + (now - failingSince) / 1000
                  + " s of failure; calls flow again";
      failingSince = 0;
      failures = 0;
      everSucceeded = true;
      long t = clock.nanos();
      if (scan) {
        nextScan = t + (p.report().caughtUp() ? s.interval().toNanos() : 0);
      }
      // a call seen settling is sent the moment it may be, not up to an interval later
      nextSettle =
          p.nextSettleSeconds() < 0
              ? Long.MAX_VALUE
              : t + Math.max(SETTLE_WAKE_MIN.toNanos(), p.nextSettleSeconds() * 1_000_000_000L);
      return new After(Optional.empty(), back, null);
    }
    ExitCode exit = p.exit();
    if (exit == ExitCode.CONFIG && !everSucceeded && failures == 0) {
      return new After(
          Optional.of(exit), null, p.report().error() + "; follow exits (" + exit.code() + ")");
    }
    failures++;
    Duration pause =
        exit == ExitCode.PERMISSION || exit == ExitCode.CONFIG
            ? CONFIG_RETRY
            : backoff(s, failures);
    long limited = p.rateLimitedUntilMillis() - now;
    if (limited > pause.toMillis()) {
      pause = Duration.ofMillis(limited);
    }
    nextScan = clock.nanos() + pause.toNanos();
    nextSettle = Long.MAX_VALUE;
    String retry = "; follow tries again in " + FollowJob.seconds(pause);
    if (failingSince == 0 || exit != failingWith) {
      failingSince = failingSince == 0 ? now : failingSince;
      failingWith = exit;
      said = now;
      return new After(Optional.empty(), null, p.report().error() + retry);
    }
    if (now - said >= REMIND_EVERY.toMillis()) {
      said = now;
      return new After(
          Optional.empty(),
          null,
          "still failing"
              + label
              + " after "
              + (now - failingSince) / 60_000
              + " minutes: "
              + p.report().error()
              + retry);
    }
    return After.QUIET;
  }

  /** The interval, doubled with each failure in a row, up to --max-backoff. */
  static Duration backoff(SyncSettings s, int failures) {
    Duration d = s.interval();
    for (int i = 1; i < failures && d.compareTo(s.maxBackoff()) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(s.maxBackoff()) > 0 ? s.maxBackoff() : d;
  }
}
