package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vicisync.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two dialers synced from one host: two VICIdial databases on one MariaDB server, two receivers,
 * the default instance and {@code dialer2}, run turn by turn as cron runs them. Each delivers its
 * own calls once, their state and logs stay apart, and their metrics files sit side by side in one
 * textfile directory where node_exporter and Prometheus read both, and every query of the shipped
 * dashboard shows both.
 */
class InstancesIT {
  @TempDir Path tmp;
  Receiver receiverA;
  Receiver receiverB;
  Vici a;
  Vici b;
  Path textfiles;
  final List<Process> started = new ArrayList<>();

  @BeforeEach
  void twoDialers() throws Exception {
    receiverA = new Receiver();
    receiverB = new Receiver();
    Files.createDirectories(tmp.resolve("a"));
    Files.createDirectories(tmp.resolve("b"));
    textfiles = Files.createDirectories(tmp.resolve("textfile"));
    a = new Vici(tmp.resolve("a"), receiverA);
    b = new Vici(tmp.resolve("b"), receiverB);
    // one line for every dialer's dids.conf: the textfile directory, each writes its own file
    a.sync("metrics_file = " + textfiles);
    b.sync("metrics_file = " + textfiles);
  }

  @AfterEach
  void stop() {
    started.forEach(Process::destroyForcibly);
    receiverA.close();
    receiverB.close();
  }

  /** One cron minute: each instance's line, the named one through the flag or the environment. */
  private void cronMinute(boolean byEnvironment) {
    assertThat(a.run("run").exit()).isZero();
    Vici.Result r =
        byEnvironment
            ? b.env("VICISYNC_INSTANCE", "dialer2").run("run")
            : b.run("run", "--instance", "dialer2");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out() + r.err()).as("cron mails nothing").isEmpty();
  }

  @Test
  void eachInstanceDeliversItsOwnCallsKeepsItsOwnStateAndBothShowOnTheDashboard() throws Exception {
    a.insertFinished(6, "1700000100.");
    b.insertFinished(4, "1700000200.");
    cronMinute(false);
    a.insertFinished(2, "1700000300.");
    b.insertFinished(3, "1700000400.");
    cronMinute(true);
    cronMinute(false);

    assertThat(receiverA.countByUniqueid())
        .as("the default dialer's calls, each once, and none of dialer2's")
        .containsOnlyKeys(ids("1700000100.", 6, "1700000300.", 2))
        .allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
    assertThat(receiverB.countByUniqueid())
        .containsOnlyKeys(ids("1700000200.", 4, "1700000400.", 3))
        .allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
    assertThat(a.log()).contains("vicisync ").doesNotContain("instance dialer2", "1700000200.");
    assertThat(b.log()).contains("(instance dialer2)").doesNotContain("1700000100.");
    for (Vici v : List.of(a, b)) {
      assertThat(v.stateDir.resolve("checkpoint.json")).exists();
      List<JsonNode> runs = new ArrayList<>();
      for (String l : Files.readAllLines(v.stateDir.resolve("runs.jsonl"))) {
        runs.add(Json.MAPPER.readTree(l));
      }
      assertThat(runs.stream().mapToInt(r -> r.get("posted").asInt()).sum())
          .as("its own runs, in its own runs.jsonl")
          .isEqualTo(v == a ? 8 : 7);
    }

    Vici.Result status = b.run("status", "--instance", "dialer2");
    assertThat(status.out()).startsWith("instance").contains("dialer2 (" + b.stateDir + ")");
    Vici.Result check = b.run("check", "--instance", "dialer2");
    assertThat(check.exit()).as(check.out()).isZero();
    assertThat(check.out()).startsWith("VICISYNC OK - instance dialer2: ");
    JsonNode json = Json.MAPPER.readTree(b.run("status", "--instance", "dialer2", "--json").out());
    assertThat(json.get("instance").asText()).isEqualTo("dialer2");
    assertThat(Json.MAPPER.readTree(a.run("status", "--json").out()).get("instance").asText())
        .isEqualTo("default");

    // the metrics files: each its own instance's, and together no series twice
    String promA = Files.readString(textfiles.resolve("vicisync.prom"));
    String promB = Files.readString(textfiles.resolve("vicisync-dialer2.prom"));
    assertThat(promA).contains("vicisync_instance=\"default\"").doesNotContain("dialer2");
    assertThat(promB).contains("vicisync_instance=\"dialer2\"").doesNotContain("\"default\"");
    assertThat(promA)
        .contains(
            "vicisync_calls_total{vicisync_instance=\"default\",source=\"outbound\","
                + "outcome=\"posted\"} 8\n");
    assertThat(promB)
        .contains(
            "vicisync_calls_total{vicisync_instance=\"dialer2\",source=\"outbound\","
                + "outcome=\"posted\"} 7\n")
        .contains("vicisync_backlog_calls{vicisync_instance=\"dialer2\",source=\"outbound\"} 0\n");
    Set<String> series = new TreeSet<>();
    Map<String, String> help = new HashMap<>();
    for (String text : List.of(promA, promB)) {
      for (String line : text.lines().toList()) {
        if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
          String name = line.substring(7, line.indexOf(' ', 7));
          String had = help.putIfAbsent(line.substring(0, 7) + name, line);
          assertThat(had == null || had.equals(line)).as("the same " + line).isTrue();
        } else {
          assertThat(series.add(line.substring(0, line.lastIndexOf(' '))))
              .as("no series in both files: " + line)
              .isTrue();
        }
      }
    }

    // dialer2 given the default's state directory (a state_dir copied with dids.conf): refused
    // before it reads or posts anything, and the default's checkpoint is as it was
    String checkpointA = Files.readString(a.stateDir.resolve("checkpoint.json"));
    b.insertFinished(1, "1700000700.");
    int postedToB = receiverB.requests();
    Vici.Result shared = b.runWithState(a.stateDir, "run", "--instance", "dialer2");
    assertThat(shared.exit()).isEqualTo(78);
    assertThat(shared.err())
        .contains(
            "vicisync: error: the state directory "
                + a.stateDir
                + " is instance 'default''s ("
                + a.stateDir.resolve("instance")
                + "), and this is instance 'dialer2': two instances in one state directory would"
                + " share a checkpoint and a ledger; give each its own state_dir");
    assertThat(receiverB.requests()).isEqualTo(postedToB);
    assertThat(Files.readString(a.stateDir.resolve("checkpoint.json"))).isEqualTo(checkpointA);
    assertThat(a.run("run").exit()).as("the default instance carries on").isZero();

    // dialer2's dids.conf naming the default's own file: doctor says so, the runs deliver but
    // leave the default's file alone, and cron mails it once, then its end
    Path defaults = textfiles.resolve("vicisync.prom");
    b.sync("metrics_file = " + defaults);
    String clash =
        "the metrics file "
            + defaults
            + " holds instance 'default''s metrics, and this is instance 'dialer2': give each"
            + " instance its own file in the textfile directory, e.g. "
            + textfiles.resolve("vicisync-dialer2.prom");
    assertThat(b.run("doctor", "--instance", "dialer2").out()).contains("✗ " + clash);
    b.insertFinished(1, "1700000500.");
    Vici.Result first = b.run("run", "--instance", "dialer2");
    assertThat(first.exit()).as("the calls went").isZero();
    assertThat(first.err()).startsWith("vicisync: error: " + clash);
    b.insertFinished(1, "1700000600.");
    Vici.Result second = b.run("run", "--instance", "dialer2");
    assertThat(second.out() + second.err()).as("mailed once, not every minute").isEmpty();
    assertThat(b.log().lines().filter(l -> l.contains(clash))).as("logged each run").hasSize(2);
    assertThat(receiverB.countByUniqueid())
        .containsKeys("1700000500.0", "1700000600.0", "1700000700.0");
    assertThat(Files.readString(defaults)).isEqualTo(promA);
    b.sync("metrics_file = " + textfiles);
    assertThat(b.run("run", "--instance", "dialer2").err())
        .startsWith("vicisync: back to normal after 1 minute of: the metrics file ");

    throughPrometheus();
  }

  /** node_exporter reads both files without an error; every dashboard query shows both dialers. */
  private void throughPrometheus() throws Exception {
    if (!installed("prometheus-node-exporter") || !installed("prometheus")) {
      System.out.println(
          "InstancesIT: prometheus or prometheus-node-exporter is not installed (apt-get install"
              + " prometheus prometheus-node-exporter): the scrape and the dashboard's queries are"
              + " skipped");
      return;
    }
    int exporterPort = freePort();
    start(
        "prometheus-node-exporter",
        "--web.listen-address=127.0.0.1:" + exporterPort,
        "--collector.disable-defaults",
        "--collector.textfile",
        "--collector.textfile.directory=" + textfiles);
    String scraped = awaitGet("http://127.0.0.1:" + exporterPort + "/metrics", 30);
    assertThat(scraped)
        .contains("node_textfile_scrape_error 0")
        .contains("vicisync_lag_seconds{source=\"outbound\",vicisync_instance=\"default\"}")
        .contains("vicisync_lag_seconds{source=\"outbound\",vicisync_instance=\"dialer2\"}");

    int promPort = freePort();
    Path config = tmp.resolve("prometheus.yml");
    Files.writeString(
        config,
        "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n  - "
            + Path.of("packaging/common/prometheus/vicisync.rules.yml").toAbsolutePath()
            + "\nscrape_configs:\n  - job_name: node\n    static_configs:\n"
            + "      - targets: ['127.0.0.1:"
            + exporterPort
            + "']\n");
    start(
        "prometheus",
        "--config.file=" + config,
        "--storage.tsdb.path=" + tmp.resolve("tsdb"),
        "--web.listen-address=127.0.0.1:" + promPort);
    String api = "http://127.0.0.1:" + promPort + "/api/v1/";
    awaitGet(api + "query?query=up", 60);
    Vici.await(() -> instances(query(api, "vicisync_calls_total")).size() == 2, 60, "both scraped");
    Thread.sleep(4000); // samples enough for rate() over a minute

    for (String q : dashboardQueries()) {
      String expr =
          q.replace("$__rate_interval", "1m")
              .replace("$host", ".*")
              .replace("$vicisync_instance", ".*");
      assertThat(instances(query(api, expr)))
          .as("both dialers in: " + expr)
          .containsExactlyInAnyOrder("default", "dialer2");
    }
    JsonNode rules = Json.MAPPER.readTree(awaitGet(api + "rules", 10));
    assertThat(rules.at("/data/groups/0/rules").findValuesAsText("health"))
        .as("every alert rule evaluates")
        .hasSize(5)
        .containsOnly("ok");
  }

  private static List<String> dashboardQueries() throws IOException {
    JsonNode d = Json.MAPPER.readTree(Path.of("packaging/common/grafana/vicisync.json").toFile());
    return d.findValuesAsText("expr");
  }

  private static Set<String> instances(JsonNode result) {
    Set<String> seen = new TreeSet<>();
    for (JsonNode r : result) {
      seen.add(r.path("metric").path("vicisync_instance").asText());
    }
    return seen;
  }

  private static JsonNode query(String api, String expr) {
    try {
      String body = get(api + "query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8), 10);
      JsonNode r = Json.MAPPER.readTree(body);
      assertThat(r.path("status").asText()).as(expr + ": " + body).isEqualTo("success");
      return r.path("data").path("result");
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(expr, e);
    }
  }

  private void start(String... cmd) throws IOException {
    started.add(
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve(Path.of(cmd[0]).getFileName() + ".out").toFile())
            .start());
  }

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static String get(String url, int seconds) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(seconds)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("HTTP " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  private static String awaitGet(String url, int seconds) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    while (true) {
      try {
        return get(url, 5);
      } catch (IOException e) {
        if (System.nanoTime() > until) {
          throw new AssertionError("no answer from " + url + " in " + seconds + " s", e);
        }
        Thread.sleep(200);
      }
    }
  }

  private static boolean installed(String tool) throws Exception {
    return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String[] ids(String p1, int n1, String p2, int n2) {
    return Stream.concat(
            IntStream.range(0, n1).mapToObj(i -> p1 + i),
            IntStream.range(0, n2).mapToObj(i -> p2 + i))
        .toArray(String[]::new);
  }
}
