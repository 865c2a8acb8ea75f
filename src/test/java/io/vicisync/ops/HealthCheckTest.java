package io.vicisync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.ops.HealthCheck.State;
import io.vicisync.source.Backlog;
import io.vicisync.state.Checkpoint;
import io.vicisync.state.RunStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What check concludes from the state files and the database's answers, without either. */
class HealthCheckTest {
  static final long NOW_MILLIS = 1_800_000_000_000L;
  static final HealthCheck.Thresholds T = new HealthCheck.Thresholds(600, 1800, 900);

  private static RunStatus.LastRun run(int gaveUp) {
    return new RunStatus.LastRun(
        "outbound",
        NOW_MILLIS - 60_000,
        800,
        0,
        5,
        0,
        100,
        0,
        gaveUp,
        0,
        0,
        0,
        "a",
        "b",
        0,
        NOW_MILLIS / 1000 - 90,
        true,
        null,
        0,
        0);
  }

  private static Snapshot snapshot(RunStatus status) {
    Checkpoint cp =
        new Checkpoint(
            Checkpoint.VERSION, NOW_MILLIS / 1000 - 60, "x", null, List.of(), List.of(), 0, null);
    return new Snapshot(
        "/var/lib/vicisync",
        NOW_MILLIS / 1000,
        null,
        0,
        List.of(
            new Snapshot.SourceView(
                "outbound", status.sources().get("outbound"), cp, new Backlog(0, false, 0))));
  }

  @Test
  void aHealthySyncIsOk() {
    RunStatus s = RunStatus.empty().with("outbound", run(0));
    HealthCheck.Result r = HealthCheck.evaluate(snapshot(s), T, NOW_MILLIS);
    assertThat(r.state()).isEqualTo(State.OK);
    assertThat(r.line()).startsWith("VICISYNC OK - lag 0s");
  }

  @Test
  void aCallGivenUpOnUnsentWarnsForADayThenClears() {
    RunStatus s = RunStatus.empty().with("outbound", run(2)).with("outbound", run(0));

    HealthCheck.Result soon = HealthCheck.evaluate(snapshot(s), T, NOW_MILLIS);
    HealthCheck.Result dayLater =
        HealthCheck.evaluate(snapshot(s), T, NOW_MILLIS + HealthCheck.GAVE_UP_WARNS_MILLIS);

    assertThat(soon.state())
        .as("the next run gave up on none; still news")
        .isEqualTo(State.WARNING);
    assertThat(soon.line()).contains("calls given up on unsent").contains("(2 in all)");
    assertThat(dayLater.line()).doesNotContain("given up");
  }
}
