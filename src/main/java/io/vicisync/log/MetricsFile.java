package io.vicisync.log;

import io.vicisync.VicisyncException;
import io.vicisync.config.Instance;
import io.vicisync.state.AtomicFile;
import io.vicisync.state.RunStatus;
import io.vicisync.state.SafeFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code run --metrics-file}: the Prometheus text format for node_exporter's textfile collector,
 * replaced atomically after each run (the collector reads only {@code *.prom}, never the temporary
 * file beside it). Timestamps are Unix seconds; counters count since the state directory was made.
 */
public final class MetricsFile {
  private MetricsFile() {}

  /** The label that tells the dialers synced from one host apart. */
  static final String INSTANCE_LABEL = "vicisync_instance";

  private static final Pattern OTHER_INSTANCE =
      Pattern.compile(INSTANCE_LABEL + "=\"([A-Za-z0-9_-]{1,40})\"");

  /**
   * The file {@code setting} (metrics_file) means for {@code instance}: itself, or, when it is a
   * directory (node_exporter's textfile directory), {@code vicisync.prom} in it for the default
   * instance and {@code vicisync-NAME.prom} for a named one, so that one dids.conf copied for every
   * dialer gives each its own file.
   */
  public static Path target(Path setting, Instance instance) {
    if (!Files.isDirectory(setting)) {
      return setting;
    }
    return setting.resolve(
        instance.named() ? "vicisync-" + instance.name() + ".prom" : "vicisync.prom");
  }

  /**
   * Replaces {@code file} with {@code instance}'s metrics; refused, file untouched, when the file
   * holds another instance's: the textfile collector would show only the last writer's, and the
   * other dialer would vanish from the dashboard without an error.
   */
  public static void write(
      Path file, Instance instance, RunStatus status, Map<String, Integer> deadLetters) {
    try {
      claim(file, instance);
      AtomicFile.writeReport(
          file,
          render(instance, status, deadLetters).getBytes(StandardCharsets.UTF_8),
          SafeFiles.PUBLIC);
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

  /**
   * An idle run's: only the file's time is set, as node_exporter's mtime metric sees the run; not
   * for a file another instance wrote.
   */
  public static void stamp(Path file, Instance instance, long millis) {
    try {
      claim(file, instance);
      if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) { // a link's target: never
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(millis));
      }
    } catch (IOException e) {
      throw VicisyncException.config(
          "cannot set the time of the metrics file " + file + " (" + e + ")");
    }
  }

  /** Refuses {@code file} when it holds another instance's metrics. */
  private static void claim(Path file, Instance instance) throws IOException {
    Optional<String> clash = clash(file, instance);
    if (clash.isPresent()) {
      throw VicisyncException.config(clash.get());
    }
  }

  /** Why {@code instance} may not write {@code file}: another instance's metrics are there. */
  public static Optional<String> clash(Path file, Instance instance) throws IOException {
    String other = writtenFor(file);
    if (other == null || other.equals(instance.label())) {
      return Optional.empty();
    }
    return Optional.of(
        "the metrics file "
            + file
            + " holds instance '"
            + other
            + "''s metrics, and this is "
            + (instance.named() ? "instance '" + instance.name() + "'" : "the default instance")
            + ": give each instance its own file in the textfile directory, e.g. "
            + file.resolveSibling("vicisync-" + instance.label() + ".prom")
            + ", or the directory itself, "
            + file.getParent()
            + ", where each writes its own (metrics_file in [sync] of its dids.conf, or"
            + " --metrics-file)");
  }

  /**
   * The instance whose metrics {@code file} holds; null when none does (no file, another kind of
   * file, or one written before instances had a label). Read without following a link or opening
   * anything but a regular file (a FIFO would block), and only its first 64 KiB.
   */
  static String writtenFor(Path file) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
    if (!a.isRegularFile()) {
      return null;
    }
    byte[] head;
    try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      head = in.readNBytes(64 * 1024);
    }
    Matcher m = OTHER_INSTANCE.matcher(new String(head, StandardCharsets.UTF_8));
    return m.find() ? m.group(1) : null;
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

  static String render(Instance instance, RunStatus status, Map<String, Integer> deadLetters) {
    Map<String, RunStatus.Source> src = status.sources();
    Series b = new Series(instance.label());
    b.header("vicisync_build_info", "gauge", "The vicisync build that wrote this file: always 1.");
    String version = "version=\"" + escape(io.vicisync.Version.get()) + "\"";
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
            + io.vicisync.source.Backlog.CAP
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
        "Calls ended with QUEUE/INCALL, waiting for a disposition.",
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
    java.util.Set<String> lettered = new java.util.TreeSet<>(src.keySet());
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
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
