package io.vicisync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.config.Instance;
import io.vicisync.ops.HealthCheck.State;
import io.vicisync.source.Backlog;
import io.vicisync.state.Checkpoint;
import io.vicisync.state.disk.RunStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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
        0,
        null);
  }

  private static Snapshot snapshot(RunStatus status) {
    Checkpoint cp =
        new Checkpoint(
            Checkpoint.VERSION, NOW_MILLIS / 1000 - 60, "x", null, List.of(), List.of(), 0, null);
    return snapshot(
        null,
        false,
        0,
        List.of(
            new Snapshot.SourceView(
                "outbound", status.sources().get("outbound"), cp, new Backlog(0, false, 0))));
  }

  /** The default instance's, at NOW. */
  private static Snapshot snapshot(
      String dbError, boolean busy, int deadLetters, List<Snapshot.SourceView> views) {
    return new Snapshot(
        Instance.DEFAULT,
        List.of(),
        "/var/lib/vicisync",
        "/var/log/vicisync/vicisync.log",
        NOW_MILLIS / 1000,
        dbError,
        busy,
        deadLetters,
        views,
        null);
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

  /** A run that found {@code changed} delivered calls changed since, {@code agoMillis} ago. */
  private static RunStatus.LastRun changed(int changed, long agoMillis) {
    return new RunStatus.LastRun(
        "outbound",
        NOW_MILLIS - agoMillis,
        800,
        0,
        5,
        0,
        100,
        0,
        0,
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
        changed,
        null);
  }

  /**
   * VICIdial wrote a new disposition after the call was delivered, and resend = never kept it from
   * the receiver: the optimizer holds what VICIdial does not, which check says for a day.
   */
  @Test
  void callsChangedAfterDeliveryInTheLastDayWarnNamingHowManyAndWhereToSeeThem() {
    RunStatus s =
        RunStatus.empty()
            .with("outbound", changed(2, 3 * 3600_000L))
            .with("outbound", changed(1, 2 * 3600_000L))
            .with("outbound", changed(0, 60_000));
    HealthCheck.Result r = HealthCheck.evaluate(snapshot(s), T, NOW_MILLIS);
    assertThat(r.state()).isEqualTo(State.WARNING);
    assertThat(r.line())
        .contains(
            "3 calls changed after delivery in the last 24 h, not re-sent: the DID Optimizer holds"
                + " what VICIdial no longer does (grep 'changed after delivery'"
                + " /var/log/vicisync/vicisync.log names them)")
        .contains("changed_24h=3;0;;0");
    HealthCheck.Result dayLater = HealthCheck.evaluate(snapshot(s), T, NOW_MILLIS + 26 * 3600_000L);
    assertThat(dayLater.line()).doesNotContain("changed after delivery").contains("changed_24h=0");
    // a day of runs later, the old buckets are gone from the file
    RunStatus later = s.with("outbound", changed(0, -26 * 3600_000L));
    assertThat(later.sources().get("outbound").changedByHour()).isEmpty();
  }

  /**
   * An upgrade from a version that sent the customer's number: its posts are not counted against
   * any DID, and status says how many were posted before the kind was recorded.
   */
  @Test
  void postsFromBeforeTheDidWasRecordedAreNotCountedAgainstTheDid() {
    RunStatus.Source old =
        new RunStatus.Source(
            run(0),
            NOW_MILLIS - 60_000,
            new RunStatus.Totals(5, 0, 100, 0, 0, 0, 0, null, null, null),
            0L,
            0L);
    RunStatus upgraded =
        new RunStatus(RunStatus.VERSION, Map.of("outbound", old)).with("outbound", run(0));
    RunStatus.Totals t = upgraded.sources().get("outbound").totals();
    assertThat(t.posted()).isEqualTo(105);
    assertThat(t.withDid()).as("only this version's posts").isEqualTo(5);
    assertThat(t.didUnknown()).isEqualTo(100);
    assertThat(StatusReport.text(snapshot(upgraded)))
        .contains(
            "5 of 105 posts counted against the DID that placed the call, 0 without a DID (no"
                + " caller ID known), 100 from before this version recorded which");
  }

  /** A run whose delivery was {@code lag} s behind when it ended. */
  private static RunStatus.LastRun lagging(String source, long lag) {
    return new RunStatus.LastRun(
        source,
        NOW_MILLIS - 60_000,
        800,
        0,
        5,
        0,
        100,
        0,
        0,
        0,
        0,
        0,
        "a",
        "b",
        lag,
        NOW_MILLIS / 1000 - lag,
        lag == 0,
        null,
        0,
        0,
        null);
  }

  private static Snapshot snap(
      RunStatus status, String dbError, boolean busy, int deadLetters, String... sources) {
    List<Snapshot.SourceView> views = new ArrayList<>();
    for (String name : sources) {
      RunStatus.Source s = status.sources().get(name);
      Checkpoint cp =
          s == null
              ? null
              : new Checkpoint(
                  Checkpoint.VERSION,
                  NOW_MILLIS / 1000 - 60,
                  "x",
                  null,
                  List.of(),
                  List.of(),
                  0,
                  null);
      views.add(new Snapshot.SourceView(name, s, cp, null)); // no database answer: the runs' lag
    }
    return snapshot(dbError, busy, deadLetters, views);
  }

  /**
   * The state Nagios itself derives from the perfdata by its range rules: a threshold "N" alerts
   * when the value is below 0 or above N; the worst of WARNING and CRITICAL wins.
   */
  private static State nagios(String line) {
    State s = State.OK;
    for (String metric :
        Pattern.compile(" ").splitAsStream(line.substring(line.indexOf('|') + 1).trim()).toList()) {
      List<String> f =
          Arrays.asList(
              Pattern.compile(";")
                  .splitAsStream(metric.substring(metric.indexOf('=') + 1) + ";;;;")
                  .toArray(String[]::new));
      double v = Double.parseDouble(f.get(0).replaceAll("[^0-9.]", ""));
      if (!f.get(2).isEmpty() && (v < 0 || v > Double.parseDouble(f.get(2)))) {
        return State.CRITICAL;
      }
      if (!f.get(1).isEmpty() && (v < 0 || v > Double.parseDouble(f.get(1)))) {
        s = State.WARNING;
      }
    }
    return s;
  }

  @Test
  void nagiosReadsFromThePerfdataTheStateThePluginPrints() {
    for (long lag : new long[] {0, 599, 600, 601, 1800, 1801, 5000}) {
      for (int dead : new int[] {0, 1, 7}) {
        RunStatus s = RunStatus.empty().with("outbound", lagging("outbound", lag));
        HealthCheck.Result r =
            HealthCheck.evaluate(snap(s, null, false, dead, "outbound"), T, NOW_MILLIS);
        assertThat(nagios(r.line()))
            .as("lag %d, %d dead letters: %s", lag, dead, r.line())
            .isEqualTo(r.state());
      }
    }
  }

  @Test
  void theWorstKnownStateWinsAndAnUnknownPartHidesNoWarning() {
    RunStatus s = RunStatus.empty().with("outbound", lagging("outbound", 700));
    HealthCheck.Result r =
        HealthCheck.evaluate(snap(s, null, false, 0, "outbound", "inbound"), T, NOW_MILLIS);
    assertThat(r.line()).contains("inbound no run recorded yet").contains("outbound lag 700s");
    assertThat(r.state()).as("inbound unknown, outbound behind").isEqualTo(State.WARNING);
  }

  @Test
  void aLockedTableOrASlowDatabaseIsUnknownAndAnUnreachableOneCritical() {
    RunStatus s = RunStatus.empty().with("outbound", lagging("outbound", 0));
    HealthCheck.Result locked =
        HealthCheck.evaluate(
            snap(s, "vicidial_log is locked by another session", true, 0, "outbound"),
            T,
            NOW_MILLIS);
    assertThat(locked.state()).isEqualTo(State.UNKNOWN);
    assertThat(locked.line()).startsWith("VICISYNC UNKNOWN - database: vicidial_log is locked");
    HealthCheck.Result gone =
        HealthCheck.evaluate(
            snap(s, "cannot reach the database", false, 0, "outbound"), T, NOW_MILLIS);
    assertThat(gone.state()).isEqualTo(State.CRITICAL);
  }
}
