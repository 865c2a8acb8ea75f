package io.vicisync.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.config.SyncSettings;
import io.vicisync.engine.PlannerTestAccess;
import io.vicisync.state.RunStatus.LastRun;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** follow's pauses and its hourly line: plain arithmetic, no process. */
class FollowScheduleTest {
  static final SyncSettings S = PlannerTestAccess.settings();

  @Test
  void backoffDoublesFromTheIntervalUpToMaxBackoff() {
    assertThat(FollowJob.backoff(S, 1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(FollowJob.backoff(S, 2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(FollowJob.backoff(S, 4)).isEqualTo(Duration.ofSeconds(40));
    assertThat(FollowJob.backoff(S, 5)).isEqualTo(Duration.ofSeconds(60));
    assertThat(FollowJob.backoff(S, 500)).isEqualTo(Duration.ofSeconds(60));
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
        0);
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
}
