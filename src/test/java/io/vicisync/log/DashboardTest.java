package io.vicisync.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vicisync.config.Instance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard and the Prometheus rules the packages ship ask only for metrics the program
 * writes, in PromQL Prometheus's own tool accepts; each alert fires when it should and only then
 * ({@code promtool test rules}, where Debian's prometheus package is installed).
 */
class DashboardTest {
  static final Path DASHBOARD = Path.of("packaging/common/grafana/vicisync.json");
  static final Path RULES = Path.of("packaging/common/prometheus/vicisync.rules.yml");
  static final Path RULES_TEST = Path.of("src/test/resources/prometheus/vicisync.rules.test.yml");

  /** What node_exporter itself writes about the textfile it read: the stale-file alert's input. */
  static final Set<String> NODE_EXPORTER = Set.of("node_textfile_mtime_seconds");

  @TempDir Path tmp;

  /** Every metric name the metrics file holds, as the program renders it. */
  static Set<String> written() {
    Set<String> names = new TreeSet<>();
    String text =
        MetricsText.render(new Instance("east"), MetricsFileTest.status(), Map.of("outbound", 1));
    for (String line : text.lines().toList()) {
      Matcher m = Pattern.compile("^(?:# TYPE )?(vicisync_\\w+)").matcher(line);
      if (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** The dashboard's PromQL: every target's expr and every variable's query. */
  static List<String> dashboardQueries() throws Exception {
    JsonNode d = new ObjectMapper().readTree(DASHBOARD.toFile());
    List<String> out = new ArrayList<>();
    for (JsonNode expr : d.findValues("expr")) {
      out.add(expr.asText());
    }
    for (JsonNode v : d.path("templating").path("list")) {
      if (v.path("type").asText().equals("query")) {
        Matcher m =
            Pattern.compile("label_values\\((.*), *\\w+\\)").matcher(v.at("/query/query").asText());
        assertThat(m.matches()).as(v.toString()).isTrue();
        out.add(m.group(1));
      }
    }
    return out;
  }

  /** An expression as Prometheus gets it once Grafana has put in the variables. */
  static String substituted(String expr) {
    return expr.replace("$__rate_interval", "5m")
        .replace("$host", ".*")
        .replace("$vicisync_instance", ".*");
  }

  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "and",
          "or",
          "unless",
          "bool",
          "offset");

  /** The metric names an expression reads: not functions, labels, strings, keywords or ranges. */
  static Set<String> metrics(String expr) {
    String e =
        expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
            .replaceAll("\\{[^}]*\\}", " ")
            .replaceAll("\\[[^]]*\\]", " ")
            .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(e);
    while (m.find()) {
      if (m.group(2) == null && !KEYWORDS.contains(m.group(1))) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  @Test
  void theDashboardAsksOnlyForMetricsTheProgramWritesAndShowsWhatTheIssueAsks() throws Exception {
    Set<String> written = written();
    assertThat(written)
        .contains(
            "vicisync_backlog_calls",
            "vicisync_build_info",
            "vicisync_last_failure_timestamp_seconds",
            "vicisync_last_success_timestamp_seconds");
    List<String> queries = dashboardQueries();
    assertThat(queries).hasSizeGreaterThan(10);
    Set<String> used = new TreeSet<>();
    for (String q : queries) {
      Set<String> names = metrics(substituted(q));
      assertThat(names).as(q).isNotEmpty();
      assertThat(written).as("every metric of " + q).containsAll(names);
      used.addAll(names);
    }
    assertThat(used)
        .as("lag, backlog, delivered, failures, dead letters, no DID, duration, last success")
        .contains(
            "vicisync_lag_seconds",
            "vicisync_backlog_calls",
            "vicisync_calls_total",
            "vicisync_failed_runs_total",
            "vicisync_dead_letters",
            "vicisync_last_run_duration_seconds",
            "vicisync_last_success_timestamp_seconds");
    assertThat(queries)
        .as("a panel shows the calls changed after delivery, not re-sent")
        .anyMatch(q -> q.contains("outcome=\"changed_not_resent\""));
    JsonNode d = new ObjectMapper().readTree(DASHBOARD.toFile());
    for (JsonNode p : d.path("panels")) {
      assertThat(p.path("datasource").path("uid").asText())
          .as("the datasource chosen at import: " + p.path("title"))
          .isEqualTo("${ds}");
      assertThat(p.path("targets")).as(p.path("title").asText()).isNotEmpty();
    }
    assertThat(metrics("sum by (a, b) (rate(x_total{a=~\"b|c\"}[5m])) * 60 > bool y offset 1h"))
        .as("the extraction itself")
        .containsExactly("x_total", "y");
  }

  @Test
  void theAlertRulesAskOnlyForWrittenMetricsAndCoverWhatTheIssueAsks() throws Exception {
    Set<String> known = new TreeSet<>(written());
    known.addAll(NODE_EXPORTER);
    List<String> alerts = new ArrayList<>();
    for (String line : Files.readAllLines(RULES, StandardCharsets.UTF_8)) {
      String l = line.strip();
      if (l.startsWith("expr:")) {
        Set<String> names = metrics(l.substring("expr:".length()));
        assertThat(names).as(l).isNotEmpty();
        assertThat(known).as(l).containsAll(names);
      } else if (l.startsWith("- alert:")) {
        alerts.add(l.substring("- alert:".length()).strip());
      }
    }
    assertThat(alerts)
        .containsExactly(
            "VicisyncLagging",
            "VicisyncNoSuccess",
            "VicisyncDeadLettersGrowing",
            "VicisyncMetricsStale",
            "VicisyncChangedAfterDelivery");
  }

  @Test
  void promtoolAcceptsTheRulesAndTheDashboardsQueriesAndEachAlertFiresOnlyWhenItShould()
      throws Exception {
    needPromtool();
    Path rules = tmp.resolve("vicisync.rules.yml");
    Files.copy(RULES, rules);
    Files.copy(RULES_TEST, tmp.resolve("vicisync.rules.test.yml"));
    assertPromtool("check", "rules", rules.toString());
    assertPromtool("test", "rules", tmp.resolve("vicisync.rules.test.yml").toString());

    // the dashboard's queries as recording rules: promtool parses each as Prometheus would
    StringBuilder b = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    List<String> queries = dashboardQueries();
    for (int i = 0; i < queries.size(); i++) {
      b.append("      - record: dashboard_query_")
          .append(i)
          .append("\n        expr: '")
          .append(substituted(queries.get(i)).replace("'", "''"))
          .append("'\n");
    }
    Path dash = tmp.resolve("dashboard.rules.yml");
    Files.writeString(dash, b.toString());
    assertPromtool("check", "rules", dash.toString());
  }

  private static void needPromtool() throws Exception {
    boolean there = new ProcessBuilder("sh", "-c", "command -v promtool").start().waitFor() == 0;
    if (!there) {
      System.out.println(
          "DashboardTest: promtool is not installed (apt-get install prometheus): the rules'"
              + " unit tests and the PromQL syntax check are skipped");
    }
    Assumptions.assumeTrue(there, "promtool is not installed");
  }

  private static void assertPromtool(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("promtool"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(String.join(" ", cmd) + "\n" + said).isZero();
  }
}
