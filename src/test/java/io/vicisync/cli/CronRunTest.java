package io.vicisync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Cron's line skips the command model: only {@code run} with where the files are; any other word
 * goes through picocli, so that its help and its errors stay as they are.
 */
class CronRunTest {
  private static final PrintStream NOWHERE =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  private static Optional<RunCommand> cron(String... args) {
    return Main.cronRun(args, Map.of(), NOWHERE, NOWHERE);
  }

  @Test
  void runAndWhereTheFilesAreIsCronsLine() {
    assertThat(cron("run")).isPresent();
    RunCommand c =
        cron(
                "run",
                "--astguiclient-conf",
                "/etc/b/astguiclient.conf",
                "--dids-conf=/etc/b/dids.conf",
                "--state-dir",
                "/var/lib/vicisync/b",
                "--log-file=/var/log/vicisync/b.log")
            .orElseThrow();
    assertThat(c.common.astguiclientConf).isEqualTo(Path.of("/etc/b/astguiclient.conf"));
    assertThat(c.common.didsConf).isEqualTo(Path.of("/etc/b/dids.conf"));
    assertThat(c.flags).containsOnlyKeys("sync.state_dir", "sync.log_file");
    assertThat(c.flags.get("sync.state_dir").text()).isEqualTo("/var/lib/vicisync/b");
  }

  @Test
  void anyOtherWordIsLeftToPicocli() {
    assertThat(cron("run", "--dry-run")).isEmpty();
    assertThat(cron("run", "--help")).isEmpty();
    assertThat(cron("run", "--interval", "5")).as("follow's option, an error for run").isEmpty();
    assertThat(cron("run", "--state-dir")).as("no value: picocli says so").isEmpty();
    assertThat(cron("run", "--state-dir", "--log-file")).isEmpty();
    assertThat(cron("run", "--metrics-file", "/x.prom")).isEmpty();
    assertThat(cron("status")).isEmpty();
    assertThat(cron()).isEmpty();
  }
}
