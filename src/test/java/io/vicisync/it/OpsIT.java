package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vicisync.it.Vici.Call;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** status, the Nagios check, and the Prometheus metrics file, as an administrator meets them. */
class OpsIT extends ViciTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void statusAndCheckTellACaughtUpSyncFromOneFallingBehind() throws Exception {
    vici.sync("settle = 0");
    assertThat(vici.run("check").exit()).as("no run yet: the plugin cannot know").isEqualTo(3);
    assertThat(vici.run("check").out()).startsWith("VICISYNC UNKNOWN - no run recorded yet");

    vici.insertFinished(7, "1800000030.");
    Path prom = tmp.resolve("textfile/vicisync.prom");
    Files.createDirectories(prom.getParent());
    assertThat(vici.run("run", "--metrics-file", prom.toString()).exit()).isZero();

    Vici.Result status = vici.run("status");
    assertThat(status.exit()).isZero();
    assertThat(status.out())
        .containsPattern(
            "last run +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d, \\d+\\.\\d s, exit 0:"
                + " posted 7, re-sent 0")
        .containsPattern("lag +0 s \\(newest delivered call ended \\d+ min ago\\)")
        .containsPattern("backlog +0 finished calls not sent yet")
        .containsPattern("dead letters +0");
    JsonNode json = JSON.readTree(vici.run("status", "--json").out());
    JsonNode out = json.at("/sources/outbound");
    assertThat(out.at("/lastRun/posted").asInt()).isEqualTo(7);
    assertThat(out.get("backlog").asInt()).isZero();
    assertThat(out.get("lagSeconds").asLong()).isZero();
    assertThat(out.get("lastSuccessAgeSeconds").asLong()).isBetween(0L, 60L);
    // the run's own record of the same moment agrees: the calls ended ~10 min ago, but none waits
    assertThat(
            JSON.readTree(vici.stateDir.resolve("status.json").toFile())
                .at("/sources/outbound/lastRun/lagSeconds")
                .asLong())
        .isZero();
    assertThat(
            JSON.readTree(Files.readAllLines(vici.stateDir.resolve("runs.jsonl")).get(0))
                .get("lagSeconds")
                .asLong())
        .isZero();
    assertThat(vici.log()).contains("; lag 0s;");
    assertThat(Files.readString(prom))
        .containsPattern("vicisync_lag_seconds\\{[^}]*\\} 0\\b")
        .containsPattern(
            "vicisync_build_info\\{vicisync_instance=\"default\",source=\"outbound\",version=\"[^\"]+\"\\} 1\n");
    promtoolAccepts(prom);

    Vici.Result ok = vici.run("check");
    assertThat(ok.exit()).isZero();
    assertThat(ok.out())
        .matches(
            "VICISYNC OK - lag 0s, last success \\d+s ago \\| lag=0s;300;900;0"
                + " last_success=\\d+s;;600;0 backlog=0;;;0 held=0;;;0 changed_24h=0;0;;0 rate_limited=0s;;;0"
                + " dead_letters=0;0;;0\\s*");

    // 4 calls start and end after the run's cursor, and no run has read them yet
    long cursor = out.get("cursorEpoch").asLong();
    while (vici.dbNow() < cursor + 5) {
      Thread.sleep(200);
    }
    long now = vici.dbNow();
    List<Call> waiting = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      waiting.add(new Call("1800000031." + i, vici.local(now - 3), now - 3).status("NA"));
    }
    vici.insert(waiting);
    JsonNode behind = JSON.readTree(vici.run("status", "--json").out()).at("/sources/outbound");
    assertThat(behind.get("backlog").asInt()).isEqualTo(4);
    assertThat(behind.get("lagSeconds").asLong())
        .as("since the oldest waiting call ended")
        .isBetween(3L, 30L);
    Vici.Result warn = vici.run("check", "--warn-lag", "2", "--crit-lag", "600");
    assertThat(warn.exit()).isEqualTo(1);
    assertThat(warn.out())
        .startsWith("VICISYNC WARNING - lag ")
        .contains("warning above 2s")
        .contains("backlog=4;;;0");
    assertThat(vici.run("check", "--warn-lag", "1", "--crit-lag", "2").exit()).isEqualTo(2);

    assertThat(vici.run("run").exit()).isZero();
    assertThat(vici.run("check").out()).startsWith("VICISYNC OK - lag 0s");
  }

  @Test
  void deadLettersWarnAndAnOldLastSuccessIsCritical() throws Exception {
    long start = vici.dbNow() - 100;
    vici.insert(new Call("1800000032.1", vici.local(start), start).campaign(null));
    assertThat(vici.run("run").exit()).isEqualTo(65);
    Vici.Result warn = vici.run("check");
    assertThat(warn.exit()).isEqualTo(1);
    assertThat(warn.out())
        .startsWith("VICISYNC WARNING - 1 dead letters (vicisync dead-letters" + " list)")
        .contains("dead_letters=1;0;;0");

    // the receiver goes away and stays away: runs fail, and the last success ages past --max-age
    receiver.close();
    assertThat(vici.run("run").exit()).as("nothing new to send yet").isEqualTo(0);
    long later = vici.dbNow() - 60;
    vici.insert(new Call("1800000032.2", vici.local(later), later).status("NA"));
    assertThat(vici.run("run").exit()).isEqualTo(75);
    Path statusFile = vici.stateDir.resolve("status.json");
    ObjectNode st = (ObjectNode) JSON.readTree(statusFile.toFile());
    ((ObjectNode) st.at("/sources/outbound"))
        .put("lastSuccessMillis", System.currentTimeMillis() - 3_600_000L);
    JSON.writeValue(statusFile.toFile(), st);
    Vici.Result crit = vici.run("check", "--max-age", "600");
    assertThat(crit.exit()).isEqualTo(2);
    assertThat(crit.out())
        .startsWith("VICISYNC CRITICAL - last success 60 min ago (max 600 s):")
        .contains("could not deliver 1800000032.2");
    assertThat(vici.run("status").out()).containsPattern("last error +could not deliver");
  }

  @Test
  void anUnreachableDatabaseIsCriticalAndStatusStillShowsTheState() throws Exception {
    vici.insertFinished(2, "1800000033.");
    assertThat(vici.run("run").exit()).isZero();
    vici.dbPort(9);
    Vici.Result crit = vici.run("check");
    assertThat(crit.exit()).isEqualTo(2);
    assertThat(crit.out()).startsWith("VICISYNC CRITICAL - database: ");
    Vici.Result status = vici.run("status");
    assertThat(status.exit()).isZero();
    assertThat(status.out())
        .containsPattern("last run .* posted 2")
        .containsPattern("backlog +unknown \\(database unreachable\\)");
  }

  @Test
  void theMetricsFileCountsCallsByOutcomeAcrossRuns() throws Exception {
    Path prom = tmp.resolve("vicisync.prom");
    long t = vici.dbNow() - 200;
    vici.insert(
        new Call("1800000034.0", vici.local(t), t).answered(30, "SALE"),
        new Call("1800000034.1", vici.local(t + 1), t + 1).status("NA"),
        new Call("1800000034.2", vici.local(t + 2), t + 2).status("B"));
    assertThat(vici.run("run", "--metrics-file", prom.toString()).exit()).isZero();
    vici.sync("metrics_file = " + prom);
    vici.sql("UPDATE vicidial_log SET status = 'DNC' WHERE uniqueid = '1800000034.0'");
    long start = vici.dbNow() - 100;
    vici.insert(new Call("1800000035.1", vici.local(start), start).campaign(null));
    assertThat(vici.run("run").exit()).isEqualTo(65);

    String text = Files.readString(prom);
    assertThat(text)
        .contains(
            "vicisync_calls_total{vicisync_instance=\"default\",source=\"outbound\",outcome=\"posted\"} 3\n")
        .contains(
            "vicisync_calls_total{vicisync_instance=\"default\",source=\"outbound\",outcome=\"resent\"} 0\n")
        .contains(
            "vicisync_calls_total{vicisync_instance=\"default\",source=\"outbound\",outcome=\"changed_not_resent\"} 1\n")
        .contains(
            "vicisync_calls_total{vicisync_instance=\"default\",source=\"outbound\",outcome=\"without_did\"} 3\n")
        .contains(
            "vicisync_calls_total{vicisync_instance=\"default\",source=\"outbound\",outcome=\"dead_lettered\"} 1\n")
        .contains("vicisync_runs_total{vicisync_instance=\"default\",source=\"outbound\"} 2\n")
        .contains(
            "vicisync_last_run_exit_code{vicisync_instance=\"default\",source=\"outbound\"} 65\n")
        .contains("vicisync_dead_letters{vicisync_instance=\"default\",source=\"outbound\"} 1\n")
        .contains("# TYPE vicisync_calls_total counter\n")
        .containsPattern(
            "vicisync_last_success_timestamp_seconds\\{vicisync_instance=\"default\",source=\"outbound\"\\}"
                + " 1\\d{9}(\\.\\d+)?\n")
        .containsPattern(
            "vicisync_lag_seconds\\{vicisync_instance=\"default\",source=\"outbound\"\\} 0\n");
    for (String line : text.lines().toList()) {
      assertThat(line)
          .as("Prometheus text format")
          .matches("# (HELP|TYPE) vicisync_\\w+ .+|vicisync_\\w+(\\{[^}]*\\})? (-?[\\d.]+|NaN)");
    }
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("nothing half-written left beside it")
          .noneMatch(n -> n.contains(".prom.tmp"));
    }
  }

  /** Prometheus's own linter finds nothing to say of the file, where promtool is installed. */
  private static void promtoolAccepts(Path prom) throws Exception {
    boolean there = new ProcessBuilder("sh", "-c", "command -v promtool").start().waitFor() == 0;
    if (!there) {
      System.out.println(
          "OpsIT: promtool is not installed (apt-get install prometheus): its check is skipped");
      return;
    }
    Process p =
        new ProcessBuilder("promtool", "check", "metrics")
            .redirectInput(prom.toFile())
            .redirectErrorStream(true)
            .start();
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(said).isZero();
    assertThat(said).as("no lint").isEmpty();
  }
}
