package io.vicisync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every command explains itself: its options with their defaults, and real examples. */
class HelpTest {
  /** Every runnable command, as typed: the program's own tree, so none can be forgotten here. */
  static Stream<String> commands() {
    PrintStream nowhere =
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    Main.commandLine(Map.of(), nowhere, nowhere)
        .getSubcommands()
        .forEach(
            (name, cmd) -> {
              if (cmd.getSubcommands().isEmpty()) {
                out.add(name);
              } else {
                cmd.getSubcommands().keySet().forEach(sub -> out.add(name + " " + sub));
              }
            });
    return out.stream().distinct();
  }

  @ParameterizedTest
  @MethodSource("commands")
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

  @Test
  void theTopLevelHelpListsEveryExitCodeTheProgramHas() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Main.run(
        new String[] {"--help"},
        Map.of(),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    String help = out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ");
    for (ExitCode e : ExitCode.values()) {
      assertThat(help).contains(" " + e.code() + " " + e.meaning().replaceAll("\\s+", " "));
    }
    assertThat(help).contains("Examples: vicisync doctor");
  }

  @Test
  void theCommandsAMinuteRunBuildsAloneAreExactlyTheProgramsCommands() {
    PrintStream nowhere =
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThat(Main.commandLine(Map.of(), nowhere, nowhere).getSubcommands().keySet())
        .as("a command missing from Main.SUBCOMMANDS would be built only with all the others")
        .containsExactlyInAnyOrderElementsOf(Main.SUBCOMMANDS);
  }
}
