package io.vicisync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.config.Instance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An administrator of several dialers is told which instance status speaks of, and the others. */
class StatusReportTest {
  @TempDir Path etc;

  private static Snapshot snapshot(Instance instance, List<String> others) {
    return new Snapshot(
        instance,
        others,
        "/var/lib/vicisync/x",
        "/var/log/vicisync/x.log",
        1_800_000_000L,
        null,
        false,
        0,
        List.of(),
        null);
  }

  @Test
  void statusNamesItsInstanceAndPointsToTheOthers() {
    assertThat(StatusReport.text(snapshot(Instance.DEFAULT, List.of("dialer2", "east_3"))))
        .startsWith("named instances  dialer2, east_3 (vicisync status --instance NAME)\n");
    assertThat(StatusReport.text(snapshot(new Instance("dialer2"), List.of("default"))))
        .startsWith(
            "instance         dialer2 (/var/lib/vicisync/x)\n"
                + "other instances  default (vicisync status --instance NAME)\n");
    assertThat(StatusReport.text(snapshot(Instance.DEFAULT, List.of())))
        .as("a single dialer's status is as it was")
        .startsWith("dead letters");
  }

  @Test
  void theConfiguredInstancesAreTheDirectoriesAnInstanceMayBeNamed() throws Exception {
    for (String d : List.of("east_3", "dialer2", "default", ".hidden", "a b")) {
      Files.createDirectories(etc.resolve(d));
    }
    Files.writeString(etc.resolve("notes.txt"), "x");
    assertThat(Instance.configured(etc)).containsExactly("dialer2", "east_3");
    assertThat(Instance.configured(etc.resolve("missing"))).isEmpty();
  }
}
