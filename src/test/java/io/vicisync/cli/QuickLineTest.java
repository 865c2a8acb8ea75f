package io.vicisync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The lines cron, NRPE and administrators run every few minutes skip the command model; only plain
 * valued options are read so, and everything else goes through picocli, so that its help and its
 * errors stay as they are. What each reads must be what picocli would have read.
 */
class QuickLineTest {
  private static final PrintStream NOWHERE =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  private static Optional<Callable<Integer>> quick(String... args) {
    return QuickLine.of(args, Map.of(), NOWHERE, NOWHERE);
  }

  @Test
  void cronsLineIsRunAndWhereTheFilesAre() {
    assertThat(quick("run")).isPresent();
    RunCommand c =
        (RunCommand)
            quick(
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
    RunCommand prom =
        (RunCommand)
            quick("run", "--source", "both", "--metrics-file", "/var/lib/node_exporter/v.prom")
                .orElseThrow();
    assertThat(prom.flags).containsOnlyKeys("sync.source", "sync.metrics_file");
    for (String cmd : new String[] {"run", "check", "status"}) {
      SettingsCommand named = (SettingsCommand) quick(cmd, "--instance", "east").orElseThrow();
      SettingsCommand parsed = (SettingsCommand) quick(cmd).orElseThrow();
      new picocli.CommandLine(parsed).parseArgs("--instance=east");
      assertThat(named.common.instance(Map.of()))
          .as(cmd + " --instance, as picocli reads it")
          .isEqualTo(parsed.common.instance(Map.of()))
          .isEqualTo(new io.vicisync.config.Instance("east"));
    }
  }

  @Test
  void checksThresholdsAndDefaultsAreWhatPicocliWouldHaveRead() {
    CheckCommand plain = (CheckCommand) quick("check").orElseThrow();
    CheckCommand parsed = new CheckCommand(Map.of(), NOWHERE, NOWHERE);
    new picocli.CommandLine(parsed).parseArgs();
    assertThat(new long[] {plain.warnLag, plain.critLag, plain.maxAge, plain.timeout})
        .as("the defaults picocli applies")
        .containsExactly(parsed.warnLag, parsed.critLag, parsed.maxAge, parsed.timeout);

    CheckCommand nrpe =
        (CheckCommand)
            quick("check", "--warn-lag", "120", "--crit-lag=600", "--source", "both").orElseThrow();
    assertThat(nrpe.warnLag).isEqualTo(120);
    assertThat(nrpe.critLag).isEqualTo(600);
    assertThat(nrpe.flags.get("sync.source").text()).isEqualTo("both");
    assertThat(((StatusCommand) quick("status", "--json").orElseThrow()).json).isTrue();
  }

  @Test
  void anyOtherWordOrABadValueIsLeftToPicocli() {
    assertThat(quick("run", "--dry-run")).isEmpty();
    assertThat(quick("run", "--help")).isEmpty();
    assertThat(quick("run", "--interval", "5")).as("follow's option, an error for run").isEmpty();
    assertThat(quick("run", "--max-rate", "0.1")).isEmpty();
    assertThat(quick("status", "--metrics-file", "/x"))
        .as("run's option: status refuses it")
        .isEmpty();
    assertThat(quick("run", "--state-dir")).as("no value: picocli says so").isEmpty();
    assertThat(quick("run", "--state-dir", "--log-file")).isEmpty();
    assertThat(quick("check", "--warn-lag", "abc")).isEmpty();
    assertThat(quick("check", "--warn-lag", "-5")).isEmpty();
    assertThat(quick("check", "-h")).isEmpty();
    assertThat(quick("status", "--warn-lag", "5")).isEmpty();
    assertThat(quick("doctor")).isEmpty();
    assertThat(quick()).isEmpty();
  }
}
