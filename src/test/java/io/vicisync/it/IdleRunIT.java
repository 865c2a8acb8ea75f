package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vicisync.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;

/**
 * An idle dialer's minute rewrites nothing: status.json and the metrics file keep their content and
 * only get the run's time, which status and check read as the last run; the first idle run after
 * some work writes, and so does one five minutes after the last write.
 */
class IdleRunIT extends ViciTest {

  @Test
  void idleRunsStampTheFilesAndStatusStillSeesThem() throws Exception {
    Path metrics = tmp.resolve("textfile/vicisync.prom");
    Files.createDirectories(metrics.getParent());
    vici.sync("metrics_file = " + metrics);
    vici.insertFinished(5, "1700000951.");
    assertThat(vici.run("run").exit()).isZero();
    assertThat(vici.run("run").exit()).as("idle, after a run that posted: written").isZero();
    Path status = vici.stateDir.resolve("status.json");
    String written = Files.readString(status);
    String prom = Files.readString(metrics);
    FileTime longAgo = FileTime.fromMillis(System.currentTimeMillis() - 120_000);
    Files.setLastModifiedTime(status, longAgo);
    Files.setLastModifiedTime(metrics, longAgo);
    Files.setLastModifiedTime(vici.checkpoint(), longAgo);

    long before = System.currentTimeMillis() / 1000;
    String checkpoint = Files.readString(vici.checkpoint());
    assertThat(vici.run("run").exit()).isZero();
    assertThat(Files.readString(vici.checkpoint())).isEqualTo(checkpoint);

    assertThat(Files.readString(status)).as("the same content: not rewritten").isEqualTo(written);
    assertThat(Files.readString(metrics)).isEqualTo(prom);
    assertThat(Files.getLastModifiedTime(status)).as("but stamped").isGreaterThan(longAgo);
    assertThat(Files.getLastModifiedTime(metrics)).isGreaterThan(longAgo);
    assertThat(Files.getLastModifiedTime(vici.checkpoint()))
        .as("an idle run's checkpoint is not written at all")
        .isEqualTo(longAgo);
    JsonNode last =
        Json.MAPPER.readTree(vici.run("status", "--json").out()).at("/sources/outbound/lastRun");
    assertThat(last.get("started").asLong())
        .as("status sees the stamped run")
        .isGreaterThanOrEqualTo(before - 1);
    assertThat(vici.run("check").out()).startsWith("VICISYNC OK");

    // five minutes on, an idle run writes again: the counters catch up at least that often
    FileTime sixMinutesAgo = FileTime.fromMillis(System.currentTimeMillis() - 360_000);
    Files.setLastModifiedTime(status, sixMinutesAgo);
    Files.setLastModifiedTime(metrics, sixMinutesAgo);
    assertThat(vici.run("run").exit()).isZero();
    assertThat(Files.readString(status)).isNotEqualTo(written);
    assertThat(Files.readString(metrics)).isNotEqualTo(prom);
  }
}
