package io.vicisync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A bad value typed on the command line is a usage error (64) whichever part of the program finds
 * it: picocli (a number option) or the settings (a duration), as the README's table says.
 */
class BadArgumentTest {
  private static int exit(String... args) {
    PrintStream nowhere =
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return Main.run(args, Map.of("API_KEY", "k"), nowhere, nowhere);
  }

  @Test
  void aBadValueOnTheCommandLineIs64WhoeverFindsIt() {
    String[] nowhere = {
      "--astguiclient-conf", "/nonexistent/a.conf", "--dids-conf", "/nonexistent/d.conf"
    };
    assertThat(exit(concat(new String[] {"run", "--settle", "abc"}, nowhere))).isEqualTo(64);
    assertThat(exit(concat(new String[] {"run", "--max-in-flight", "x"}, nowhere))).isEqualTo(64);
    assertThat(exit(concat(new String[] {"run", "--no-such-option"}, nowhere))).isEqualTo(64);
  }

  @Test
  void checkAnswersABadArgumentAsAPluginDoesUnknownOnStdout() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream nowhere =
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThat(Main.run(new String[] {"check", "--warn-lag", "abc"}, Map.of(), o, nowhere))
        .isEqualTo(3);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("VICISYNC UNKNOWN - ")
        .contains("--warn-lag")
        .hasLineCount(1);
    out.reset();
    assertThat(Main.run(new String[] {"check", "--no-such"}, Map.of(), o, nowhere)).isEqualTo(3);
    out.reset();
    Main.run(new String[] {"check", "--help"}, Map.of(), o, nowhere);
    assertThat(out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " "))
        .as("the NRPE line the README asks for, through sudo")
        .contains(
            "command[check_vicisync]=/usr/bin/sudo -n /usr/bin/vicisync check --warn-lag 300"
                + " --crit-lag 900")
        .contains("nagios ALL=(root) NOPASSWD: /usr/bin/vicisync check");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
