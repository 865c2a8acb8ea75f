package io.vicisync.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.ExitCode;
import io.vicisync.config.SyncSettings;
import io.vicisync.engine.PlannerTestAccess;
import io.vicisync.state.disk.RunStatus.LastRun;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** follow's pauses and its hourly line: plain arithmetic, no process. */
class FollowScheduleTest {
  static final SyncSettings S = PlannerTestAccess.settings();

  @Test
  void backoffDoublesFromTheIntervalUpToMaxBackoff() {
    assertThat(FollowSchedule.backoff(S, 1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(FollowSchedule.backoff(S, 2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(FollowSchedule.backoff(S, 4)).isEqualTo(Duration.ofSeconds(40));
    assertThat(FollowSchedule.backoff(S, 5)).isEqualTo(Duration.ofSeconds(60));
    assertThat(FollowSchedule.backoff(S, 500)).isEqualTo(Duration.ofSeconds(60));
  }

  private static LastRun poll(long started, int posted, int exit, String cursor, String error) {
    return new LastRun(
        "outbound",
        started,
        40,
        exit,
        posted,
        1,
        7,
        0,
        0,
        2,
        3,
        1,
        cursor,
        cursor + "'",
        0,
        99,
        true,
        error,
        1,
        0,
        null);
  }

  @Test
  void anHourOfPollsIsOneLineWithTheirSumsAndTheWorstExit() {
    HourTotals h = new HourTotals();
    assertThat(h.take(1_000)).isNull();
    h.add(poll(1_000, 5, 0, "a", null));
    h.add(poll(6_000, 3, 75, "b", "HTTP 503"));
    h.add(poll(11_000, 2, 0, "c", null));
    LastRun hour = h.take(3_601_000);
    assertThat(hour.posted()).isEqualTo(10);
    assertThat(hour.resent()).isEqualTo(3);
    assertThat(hour.unchanged()).isEqualTo(21);
    assertThat(hour.exit()).isEqualTo(75);
    assertThat(hour.error()).isEqualTo("HTTP 503");
    assertThat(hour.startedMillis()).isEqualTo(1_000);
    assertThat(hour.durationMillis()).isEqualTo(3_600_000);
    assertThat(hour.cursorBefore()).isEqualTo("a");
    assertThat(hour.cursorAfter()).isEqualTo("c'");
    assertThat(h.take(3_700_000)).as("a new hour starts empty").isNull();
  }

  /** A clock the test moves. */
  private static final class Hands implements FollowSchedule.Clock {
    long nanos = 1_000_000_000_000L;
    long millis = 1_800_000_000_000L;

    void pass(Duration d) {
      nanos += d.toNanos();
      millis += d.toMillis();
    }

    @Override
    public long nanos() {
      return nanos;
    }

    @Override
    public long millis() {
      return millis;
    }
  }

  private static SourceRun.Outcome ended(
      int exit, boolean caughtUp, long settleIn, long limitedUntil) {
    LastRun r =
        new LastRun(
            "outbound",
            0,
            40,
            exit,
            1,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            "a",
            "b",
            0,
            0,
            caughtUp,
            exit == 0 ? null : "the receiver answered HTTP 503",
            0,
            0,
            null);
    return new SourceRun.Outcome(r, limitedUntil, settleIn, null);
  }

  @Test
  void aCaughtUpPollWaitsAnIntervalOneBehindPollsAtOnceAndASettlingCallWakesItEarly() {
    Hands t = new Hands();
    FollowSchedule f = new FollowSchedule(t);
    assertThat(f.pollDue()).isTrue();
    assertThat(f.scanDue()).isTrue();

    assertThat(f.after(ended(0, false, -1, 0), true, S, "")).isEqualTo(FollowSchedule.After.QUIET);
    assertThat(f.scanDue()).as("not caught up: the next scan at once").isTrue();

    f.after(ended(0, true, 2, 0), true, S, "");
    assertThat(f.due() - t.nanos).isEqualTo(Duration.ofSeconds(2).toNanos());
    t.pass(Duration.ofSeconds(2));
    assertThat(f.pollDue()).isTrue();
    assertThat(f.scanDue()).as("a look at the settling call, not a scan").isFalse();
    f.after(ended(0, true, 0, 0), false, S, "");
    assertThat(f.due() - t.nanos)
        .as("a settling call due now still waits the minimum")
        .isEqualTo(FollowSchedule.SETTLE_WAKE_MIN.toNanos());
    f.after(ended(0, true, -1, 0), false, S, "");
    assertThat(f.due() - t.nanos).isEqualTo(Duration.ofSeconds(3).toNanos());
  }

  @Test
  void anOutageIsSaidWhenItStartsRemindedHourlyAndSaidWhenItEndsWithBackoffBetween() {
    Hands t = new Hands();
    FollowSchedule f = new FollowSchedule(t);
    f.after(ended(0, true, -1, 0), true, S, "");

    FollowSchedule.After first = f.after(ended(75, false, -1, 0), true, S, " (inbound)");
    assertThat(first.error())
        .isEqualTo("the receiver answered HTTP 503; follow tries again in 5 s");
    assertThat(first.exit()).isEmpty();
    assertThat(f.due() - t.nanos).isEqualTo(Duration.ofSeconds(5).toNanos());
    t.pass(Duration.ofSeconds(5));
    assertThat(f.after(ended(75, false, -1, 0), true, S, " (inbound)"))
        .as("the same trouble again: quiet")
        .isEqualTo(FollowSchedule.After.QUIET);
    assertThat(f.due() - t.nanos).isEqualTo(Duration.ofSeconds(10).toNanos());

    t.pass(Duration.ofMinutes(61));
    assertThat(f.after(ended(75, false, -1, 0), true, S, " (inbound)").error())
        .isEqualTo(
            "still failing (inbound) after 61 minutes: the receiver answered HTTP 503;"
                + " follow tries again in 20 s");

    FollowSchedule.After limited =
        f.after(ended(75, false, -1, t.millis + 600_000), true, S, " (inbound)");
    assertThat(f.due() - t.nanos)
        .as("the receiver's Retry-After outlasts the backoff")
        .isEqualTo(Duration.ofMinutes(10).toNanos());
    assertThat(limited).isEqualTo(FollowSchedule.After.QUIET);

    t.pass(Duration.ofMinutes(10));
    assertThat(f.after(ended(0, true, -1, 0), true, S, " (inbound)").info())
        .isEqualTo("follow (inbound): back after 4265 s of failure; calls flow again");
    assertThat(f.after(ended(75, false, -1, 0), true, S, "").error())
        .as("a new outage is said again, from the interval")
        .endsWith("follow tries again in 5 s");
  }

  @Test
  void aConfigurationErrorEndsFollowOnlyBeforeAnyPollSucceededAndARefusedKeyWaitsFiveMinutes() {
    Hands t = new Hands();
    FollowSchedule fresh = new FollowSchedule(t);
    assertThat(fresh.after(ended(78, false, -1, 0), true, S, "").exit()).contains(ExitCode.CONFIG);

    FollowSchedule running = new FollowSchedule(t);
    running.after(ended(0, true, -1, 0), true, S, "");
    assertThat(running.after(ended(78, false, -1, 0), true, S, "").exit()).isEmpty();
    assertThat(running.due() - t.nanos).isEqualTo(FollowSchedule.CONFIG_RETRY.toNanos());
    running.after(ended(77, false, -1, 0), true, S, "");
    assertThat(running.due() - t.nanos).isEqualTo(FollowSchedule.CONFIG_RETRY.toNanos());
  }
}
