package io.vicisync.log;

import io.vicisync.VicisyncException;
import io.vicisync.state.AtomicFile;
import io.vicisync.state.RunStatus;
import io.vicisync.state.SafeFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code run --metrics-file}: the Prometheus text format for node_exporter's textfile collector,
 * replaced atomically after each run (the collector reads only {@code *.prom}, never the temporary
 * file beside it). Timestamps are Unix seconds; counters count since the state directory was made.
 */
public final class MetricsFile {
  private MetricsFile() {}

  public static void write(Path file, RunStatus status, int deadLetters) {
    try {
      AtomicFile.writeReport(
          file, render(status, deadLetters).getBytes(StandardCharsets.UTF_8), SafeFiles.PUBLIC);
    } catch (IOException e) {
      throw VicisyncException.config(
          "cannot write the metrics file "
              + file
              + " ("
              + e
              + "); make its directory writable for the user cron runs vicisync as, or change"
              + " --metrics-file / [sync] metrics_file");
    }
  }

  /** Whether the file was written less than five minutes ago (an idle run only stamps it). */
  public static boolean recent(Path file) {
    try {
      long age =
          System.currentTimeMillis()
              - java.nio.file.Files.getLastModifiedTime(
                      file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                  .toMillis();
      return age >= 0 && age < 5 * 60_000L;
    } catch (IOException e) {
      return false;
    }
  }

  static String render(RunStatus status, int deadLetters) {
    StringBuilder b = new StringBuilder();
    Map<String, RunStatus.Source> src = status.sources();
    header(b, "vicisync_build_info", "gauge", "The vicisync build that wrote this file: always 1.");
    b.append("vicisync_build_info{version=\"")
        .append(io.vicisync.Version.get().replace("\\", "\\\\").replace("\"", "\\\""))
        .append("\"} 1\n");
    gauge(
        b,
        "vicisync_last_run_timestamp_seconds",
        "When the last run started.",
        src,
        s -> s.lastRun().startedMillis() / 1000.0);
    gauge(
        b,
        "vicisync_last_success_timestamp_seconds",
        "When the last run that did its work started (exit 0, or 65 with dead letters).",
        src,
        s -> s.lastSuccessMillis() == 0 ? Double.NaN : s.lastSuccessMillis() / 1000.0);
    gauge(
        b,
        "vicisync_last_run_duration_seconds",
        "How long the last run took.",
        src,
        s -> s.lastRun().durationMillis() / 1000.0);
    gauge(
        b,
        "vicisync_last_run_exit_code",
        "The last run's exit code (see vicisync --help).",
        src,
        s -> s.lastRun().exit());
    gauge(
        b,
        "vicisync_lag_seconds",
        "How far delivery was behind at the end of the last run:"
            + " 0 when every finished call was delivered.",
        src,
        s -> s.lastRun().lagSeconds() < 0 ? Double.NaN : s.lastRun().lagSeconds());
    gauge(
        b,
        "vicisync_newest_delivered_end_timestamp_seconds",
        "end_epoch of the newest call the receiver acknowledged.",
        src,
        s -> s.lastRun().newestDeliveredEnd() == 0 ? Double.NaN : s.lastRun().newestDeliveredEnd());
    gauge(
        b,
        "vicisync_held_calls",
        "Calls ended with QUEUE/INCALL, waiting for a disposition.",
        src,
        s -> s.lastRun().held());
    gauge(
        b,
        "vicisync_watched_calls",
        "Calls looked up by primary key on each run (held,"
            + " still up, settling, or sent before their disposition came).",
        src,
        s -> s.lastRun().watching());
    header(
        b,
        "vicisync_calls_total",
        "counter",
        "Calls by what became of them: posted (first"
            + " time), resent (changed after sending), unchanged (already delivered as it is),"
            + " dead_lettered (refused for good), gave_up_watching, without_did (delivered with"
            + " the customer's number as phoneNumber: the DID Optimizer counted them against no"
            + " DID), changed_not_resent (changed after delivery, not posted again).");
    src.forEach(
        (name, s) -> {
          RunStatus.Totals t = s.totals();
          calls(b, name, "posted", t.posted());
          calls(b, name, "resent", t.resent());
          calls(b, name, "unchanged", t.unchanged());
          calls(b, name, "dead_lettered", t.deadLettered());
          calls(b, name, "gave_up_watching", t.gaveUpWatching());
          calls(b, name, "without_did", t.withoutDid());
          calls(b, name, "changed_not_resent", t.changedNotResent());
        });
    header(b, "vicisync_runs_total", "counter", "Runs, and of them those that failed.");
    src.forEach(
        (name, s) -> {
          b.append("vicisync_runs_total{source=\"")
              .append(name)
              .append("\"} ")
              .append(s.totals().runs())
              .append('\n');
        });
    header(b, "vicisync_failed_runs_total", "counter", "Runs that ended other than 0 or 65.");
    src.forEach(
        (name, s) -> {
          b.append("vicisync_failed_runs_total{source=\"")
              .append(name)
              .append("\"} ")
              .append(s.totals().failedRuns())
              .append('\n');
        });
    header(
        b,
        "vicisync_dead_letters",
        "gauge",
        "Calls in dead-letters.jsonl, refused for good: see vicisync dead-letters list.");
    b.append("vicisync_dead_letters ").append(deadLetters).append('\n');
    return b.toString();
  }

  private interface Value {
    double of(RunStatus.Source s);
  }

  private static void gauge(
      StringBuilder b, String name, String help, Map<String, RunStatus.Source> sources, Value v) {
    header(b, name, "gauge", help);
    sources.forEach(
        (source, s) ->
            b.append(name)
                .append("{source=\"")
                .append(source)
                .append("\"} ")
                .append(number(v.of(s)))
                .append('\n'));
  }

  private static void header(StringBuilder b, String name, String type, String help) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void calls(StringBuilder b, String source, String outcome, long n) {
    b.append("vicisync_calls_total{source=\"")
        .append(source)
        .append("\",outcome=\"")
        .append(outcome)
        .append("\"} ")
        .append(n)
        .append('\n');
  }

  private static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
