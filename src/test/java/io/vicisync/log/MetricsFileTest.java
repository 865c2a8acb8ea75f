package io.vicisync.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vicisync.VicisyncException;
import io.vicisync.config.Instance;
import io.vicisync.state.disk.RunStatus;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * node_exporter's textfile collector merges every *.prom file in its directory: each dialer's
 * series must be told apart by a label, and one instance must never overwrite another's file.
 */
class MetricsFileTest {
  @TempDir Path dir;

  static RunStatus.LastRun run(String source, int exit, long startedMillis, Long backlog) {
    return new RunStatus.LastRun(
        source,
        startedMillis,
        800,
        exit,
        5,
        0,
        100,
        0,
        0,
        1,
        2,
        0,
        "a",
        "b",
        exit == 0 ? 0 : 400,
        startedMillis / 1000 - 90,
        exit == 0,
        exit == 0 ? null : "receiver down",
        1,
        0,
        backlog);
  }

  static RunStatus status() {
    return RunStatus.empty()
        .with("outbound", run("outbound", 75, 1_800_000_000_000L, null))
        .with("outbound", run("outbound", 0, 1_800_000_060_000L, 0L))
        .with("inbound", run("inbound", 75, 1_800_000_060_000L, 42L));
  }

  @Test
  void everySeriesNamesItsInstanceAndSource() {
    String text = MetricsText.render(new Instance("east-2"), status(), Map.of("inbound", 3));
    for (String line : text.lines().toList()) {
      if (line.startsWith("#")) {
        continue;
      }
      assertThat(line)
          .as("every series")
          .matches("vicisync_\\w+\\{vicisync_instance=\"east-2\",source=\"(outbound|inbound)\".*");
    }
    assertThat(text)
        .contains("vicisync_backlog_calls{vicisync_instance=\"east-2\",source=\"inbound\"} 42\n")
        .contains("vicisync_backlog_calls{vicisync_instance=\"east-2\",source=\"outbound\"} 0\n")
        .contains(
            "vicisync_last_failure_timestamp_seconds{vicisync_instance=\"east-2\","
                + "source=\"outbound\"} 1800000000\n")
        .contains(
            "vicisync_last_success_timestamp_seconds{vicisync_instance=\"east-2\","
                + "source=\"inbound\"} 0\n")
        .contains("vicisync_dead_letters{vicisync_instance=\"east-2\",source=\"inbound\"} 3\n")
        .contains("vicisync_dead_letters{vicisync_instance=\"east-2\",source=\"outbound\"} 0\n")
        .containsPattern(
            "vicisync_build_info\\{vicisync_instance=\"east-2\",source=\"outbound\","
                + "version=\"[^\"]+\"\\} 1\n");
    assertThat(MetricsText.render(Instance.DEFAULT, status(), Map.of()))
        .contains("vicisync_lag_seconds{vicisync_instance=\"default\",source=\"outbound\"} 0\n");
  }

  @Test
  void anInstanceNeverOverwritesAnotherInstancesFile() throws Exception {
    Path prom = dir.resolve("vicisync.prom");
    MetricsFile.write(prom, new Instance("east"), status(), Map.of());
    String east = Files.readString(prom);
    assertThatThrownBy(() -> MetricsFile.write(prom, new Instance("west"), status(), Map.of()))
        .isInstanceOf(VicisyncException.class)
        .hasMessage(
            "the metrics file "
                + prom
                + " holds instance 'east''s metrics, and this is instance 'west': give each"
                + " instance its own file in the textfile directory, e.g. "
                + dir.resolve("vicisync-west.prom")
                + ", or the directory itself, "
                + dir
                + ", where each writes its own (metrics_file in [sync] of its dids.conf, or"
                + " --metrics-file)");
    assertThatThrownBy(() -> MetricsFile.write(prom, Instance.DEFAULT, status(), Map.of()))
        .hasMessageContaining("and this is the default instance: ")
        .hasMessageContaining("vicisync-default.prom");
    assertThat(Files.readString(prom)).as("left as it was").isEqualTo(east);
    MetricsFile.write(prom, new Instance("east"), status(), Map.of());
  }

  @Test
  void aDirectoryGivesEachInstanceItsOwnFileInIt() throws Exception {
    Path textfile = Files.createDirectories(dir.resolve("textfile"));
    assertThat(MetricsFile.target(textfile, Instance.DEFAULT))
        .isEqualTo(textfile.resolve("vicisync.prom"));
    assertThat(MetricsFile.target(textfile, new Instance("dialer2")))
        .isEqualTo(textfile.resolve("vicisync-dialer2.prom"));
    Path linked = dir.resolve("linked");
    Files.createSymbolicLink(linked, textfile);
    assertThat(MetricsFile.target(linked, new Instance("dialer2")))
        .as("a textfile directory reached through a link is still a directory")
        .isEqualTo(linked.resolve("vicisync-dialer2.prom"));
    Path named = dir.resolve("mine.prom");
    assertThat(MetricsFile.target(named, new Instance("dialer2"))).isEqualTo(named);
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void aFifoOrALinkInItsPlaceIsNeitherOpenedNorFollowed() throws Exception {
    Path prom = dir.resolve("vicisync.prom");
    Process mk = new ProcessBuilder("mkfifo", prom.toString()).start();
    assertThat(mk.waitFor()).isZero();
    MetricsFile.write(prom, new Instance("east"), status(), Map.of());
    assertThat(Files.isRegularFile(prom, LinkOption.NOFOLLOW_LINKS)).isTrue();

    Path other = dir.resolve("elsewhere.prom");
    MetricsFile.write(other, new Instance("west"), status(), Map.of());
    Path link = dir.resolve("linked.prom");
    Files.createSymbolicLink(link, other);
    MetricsFile.write(link, new Instance("east"), status(), Map.of());
    assertThat(Files.readString(other))
        .as("the link's target is not written through")
        .contains("vicisync_instance=\"west\"");
  }
}
