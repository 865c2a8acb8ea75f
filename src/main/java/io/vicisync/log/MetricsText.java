package io.vicisync.log;

import io.vicisync.Version;
import io.vicisync.config.Instance;
import io.vicisync.source.Backlog;
import io.vicisync.state.disk.RunStatus;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The metrics file's text, in Prometheus's exposition format: one family per figure of the run
 * record, every series labelled with the instance and its call source, so that node_exporter can
 * merge the files of every dialer on a host without a collision. Timestamps are Unix seconds;
 * counters count since the state directory was made.
 */
final class MetricsText {
  private MetricsText() {}

  /** The label that tells the dialers synced from one host apart. */
  static final String INSTANCE_LABEL = "vicisync_instance";

  static String render(Instance instance, RunStatus status, Map<String, Integer> deadLetters) {
    return render(instance, status, deadLetters, 0);
  }

  static String render(
      Instance instance,
      RunStatus status,
      Map<String, Integer> deadLetters,
      long rateLimitedUntilMillis) {
    Map<String, RunStatus.Source> src = status.sources();
    Series b = new Series(instance.label());
    b.header("vicisync_build_info", "gauge", "The vicisync build that wrote this file: always 1.");
    String version = "version=\"" + escape(Version.get()) + "\"";
    src.keySet().forEach(name -> b.line("vicisync_build_info", name, version, 1L));
    b.gauge(
        "vicisync_last_run_timestamp_seconds",
        "When the last run started.",
        src,
        s -> s.lastRun().startedMillis() / 1000.0);
    b.gauge(
        "vicisync_last_success_timestamp_seconds",
        "When the last run that did its work started (exit 0, or 65 with dead letters); 0: never.",
        src,
        s -> s.lastSuccessMillis() / 1000.0);
    b.gauge(
        "vicisync_last_failure_timestamp_seconds",
        "When the last run that failed (exit other than 0 and 65) started; 0: never.",
        src,
        s -> s.lastFailureMillis() / 1000.0);
    b.gauge(
        "vicisync_rate_limited_until_timestamp_seconds",
        "Until when the receiver's rate limit holds posts back (a 429's Retry-After, or its"
            + " advertised window spent); 0: it holds none back.",
        src,
        s -> rateLimitedUntilMillis / 1000.0);
    b.gauge(
        "vicisync_last_run_duration_seconds",
        "How long the last run took.",
        src,
        s -> s.lastRun().durationMillis() / 1000.0);
    b.gauge(
        "vicisync_last_run_exit_code",
        "The last run's exit code (see vicisync --help).",
        src,
        s -> s.lastRun().exit());
    b.gauge(
        "vicisync_lag_seconds",
        "How far delivery was behind at the end of the last run:"
            + " 0 when every finished call was delivered.",
        src,
        s -> s.lastRun().lagSeconds() < 0 ? Double.NaN : s.lastRun().lagSeconds());
    b.gauge(
        "vicisync_backlog_calls",
        "Calls finished and settled but not delivered when the last run ended (what vicisync"
            + " status shows; counted up to "
            + Backlog.CAP
            + "); NaN: unknown.",
        src,
        s -> s.lastRun().backlog() == null ? Double.NaN : s.lastRun().backlog());
    b.gauge(
        "vicisync_newest_delivered_end_timestamp_seconds",
        "end_epoch of the newest call the receiver acknowledged.",
        src,
        s -> s.lastRun().newestDeliveredEnd() == 0 ? Double.NaN : s.lastRun().newestDeliveredEnd());
    b.gauge(
        "vicisync_held_calls",
        "Calls ended with an in-between status (INCALL, DISPO…), waiting for a disposition.",
        src,
        s -> s.lastRun().held());
    b.gauge(
        "vicisync_watched_calls",
        "Calls looked up by primary key on each run (held,"
            + " still up, settling, or sent before their disposition came).",
        src,
        s -> s.lastRun().watching());
    b.header(
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
          b.calls(name, "posted", t.posted());
          b.calls(name, "resent", t.resent());
          b.calls(name, "unchanged", t.unchanged());
          b.calls(name, "dead_lettered", t.deadLettered());
          b.calls(name, "gave_up_watching", t.gaveUpWatching());
          b.calls(name, "without_did", t.withoutDid());
          b.calls(name, "changed_not_resent", t.changedNotResent());
        });
    b.header("vicisync_runs_total", "counter", "Runs, and of them those that failed.");
    src.forEach((name, s) -> b.line("vicisync_runs_total", name, null, s.totals().runs()));
    b.header("vicisync_failed_runs_total", "counter", "Runs that ended other than 0 or 65.");
    src.forEach(
        (name, s) -> b.line("vicisync_failed_runs_total", name, null, s.totals().failedRuns()));
    b.header(
        "vicisync_dead_letters",
        "gauge",
        "Calls in dead-letters.jsonl, refused for good: see vicisync dead-letters list.");
    Set<String> lettered = new TreeSet<>(src.keySet());
    lettered.addAll(deadLetters.keySet());
    lettered.forEach(
        name ->
            b.line("vicisync_dead_letters", name, null, (long) deadLetters.getOrDefault(name, 0)));
    return b.toString();
  }

  private interface Value {
    double of(RunStatus.Source s);
  }

  /** The file's text: every series labelled with the instance and its source, in one way. */
  private static final class Series {
    private final StringBuilder b = new StringBuilder();
    private final String instance;

    Series(String instance) {
      this.instance = instance;
    }

    void header(String name, String type, String help) {
      b.append("# HELP ").append(name).append(' ').append(help).append('\n');
      b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    void gauge(String name, String help, Map<String, RunStatus.Source> sources, Value v) {
      header(name, "gauge", help);
      sources.forEach((source, s) -> line(name, source, null, v.of(s)));
    }

    void calls(String source, String outcome, long n) {
      line("vicisync_calls_total", source, "outcome=\"" + outcome + "\"", n);
    }

    /** {@code more}: further labels, already written; null: none. */
    void line(String name, String source, String more, long value) {
      line(name, source, more, Long.toString(value));
    }

    void line(String name, String source, String more, double value) {
      line(name, source, more, number(value));
    }

    private void line(String name, String source, String more, String value) {
      b.append(name)
          .append('{')
          .append(INSTANCE_LABEL)
          .append("=\"")
          .append(instance)
          .append("\",source=\"")
          .append(escape(source))
          .append('"');
      if (more != null) {
        b.append(',').append(more);
      }
      b.append("} ").append(value).append('\n');
    }

    @Override
    public String toString() {
      return b.toString();
    }
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
