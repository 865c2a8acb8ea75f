package io.vicisync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.config.Instance;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

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
      new CommandLine(parsed).parseArgs("--instance=east");
      assertThat(named.common.instance(Map.of()))
          .as(cmd + " --instance, as picocli reads it")
          .isEqualTo(parsed.common.instance(Map.of()))
          .isEqualTo(new Instance("east"));
    }
  }

  @Test
  void checksThresholdsAndDefaultsAreWhatPicocliWouldHaveRead() {
    CheckCommand plain = (CheckCommand) quick("check").orElseThrow();
    CheckCommand parsed = new CheckCommand(Map.of(), NOWHERE, NOWHERE);
    new CommandLine(parsed).parseArgs();
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

  /**
   * Each option the quick line reads is one of the command's own in picocli's model (a renamed or
   * removed option fails here), and a line with it reads the same settings, files and thresholds as
   * picocli would.
   */
  @Test
  void everyOptionReadQuicklyIsTheCommandsOwnAndReadsWhatPicocliWould() {
    int checked = 0;
    for (String cmd : QuickLine.COMMANDS) {
      CommandSpec spec =
          new CommandLine(QuickLine.command(cmd, Map.of(), NOWHERE, NOWHERE)).getCommandSpec();
      for (String name : QuickLine.accepted(cmd)) {
        OptionSpec o = spec.findOption(name);
        assertThat(o).as(cmd + " " + name + " in picocli's model of " + cmd).isNotNull();
        String[] line = o.arity().max() == 0 ? new String[] {name} : new String[] {name, sample(o)};
        SettingsCommand quick =
            (SettingsCommand)
                QuickLine.of(prepend(cmd, line), Map.of(), NOWHERE, NOWHERE)
                    .orElseThrow(() -> new AssertionError(cmd + " " + name + " not read quickly"));
        SettingsCommand parsed = QuickLine.command(cmd, Map.of(), NOWHERE, NOWHERE);
        new CommandLine(parsed).parseArgs(line);
        assertThat(state(quick)).as(cmd + " " + String.join(" ", line)).isEqualTo(state(parsed));
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(5 * 3 + 2 + 5 + 2);
  }

  /** check's thresholds without options: the defaults picocli's model declares. */
  @Test
  void checksDefaultsAreTheModelsDefaults() {
    CommandSpec spec =
        new CommandLine(QuickLine.command("check", Map.of(), NOWHERE, NOWHERE)).getCommandSpec();
    CheckCommand plain = (CheckCommand) quick("check").orElseThrow();
    assertThat(new long[] {plain.warnLag, plain.critLag, plain.maxAge, plain.timeout})
        .containsExactly(
            Stream.of("--warn-lag", "--crit-lag", "--max-age", "--timeout")
                .mapToLong(n -> Long.parseLong(spec.findOption(n).defaultValue()))
                .toArray());
  }

  /** A value the option takes: one of its candidates, a path, a number or a name. */
  private static String sample(OptionSpec o) {
    if (o.completionCandidates() != null && o.completionCandidates().iterator().hasNext()) {
      return o.completionCandidates().iterator().next();
    }
    Class<?> t = o.type();
    if (t == Path.class) {
      return "/q" + o.longestName().substring(1) + "/x";
    }
    if (t == long.class || t == Long.class || t == int.class || t == Integer.class) {
      return "120";
    }
    return "east";
  }

  private static String[] prepend(String first, String[] rest) {
    return Stream.concat(Stream.of(first), Stream.of(rest)).toArray(String[]::new);
  }

  /** What a command line decides: the settings' flags, the files, instance and thresholds. */
  private static List<Object> state(SettingsCommand c) {
    List<Object> s = new ArrayList<>();
    s.add(c.flags());
    s.add(c.common.instance(Map.of()));
    s.add(String.valueOf(c.common.astguiclientConf));
    s.add(String.valueOf(c.common.didsConf));
    if (c instanceof CheckCommand k) {
      s.addAll(List.of(k.warnLag, k.critLag, k.maxAge, k.timeout));
    }
    if (c instanceof StatusCommand st) {
      s.add(st.json);
    }
    return s;
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
