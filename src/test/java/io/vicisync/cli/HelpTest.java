package io.vicisync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command explains itself: its options with their defaults, and real examples. */
class HelpTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "run",
        "backfill",
        "reconcile",
        "status",
        "check",
        "doctor",
        "dead-letters list",
        "dead-letters replay",
        "dead-letters purge"
      })
  void everyCommandsHelpShowsDefaultsAndAnExample(String command) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] args = (command + " --help").split(" ");
    int exit =
        Main.run(
            args,
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    String help = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).isZero();
    assertThat(help)
        .startsWith("Usage: vicisync " + command)
        .containsPattern("Examples?:\\n  vicisync " + command);
    assertThat(help.replaceAll("\\s+", " "))
        .contains("Default: /etc/astguiclient.conf", "--state-dir=PATH");
  }

  @org.junit.jupiter.api.Test
  void theTopLevelHelpListsEveryExitCodeTheProgramHas() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Main.run(
        new String[] {"--help"},
        Map.of(),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    String help = out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ");
    for (io.vicisync.ExitCode e : io.vicisync.ExitCode.values()) {
      assertThat(help).contains(" " + e.code() + " " + e.meaning().replaceAll("\\s+", " "));
    }
    assertThat(help).contains("Examples: vicisync doctor");
  }

  @org.junit.jupiter.api.Test
  void theCommandsAMinuteRunBuildsAloneAreExactlyTheProgramsCommands() {
    PrintStream nowhere =
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThat(Main.commandLine(Map.of(), nowhere, nowhere).getSubcommands().keySet())
        .as("a command missing from Main.SUBCOMMANDS would be built only with all the others")
        .containsExactlyInAnyOrderElementsOf(Main.SUBCOMMANDS);
  }
}
