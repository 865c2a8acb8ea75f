package io.vicisync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.config.Setting;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The settings registry is the one place a setting and its default are written. */
class SettingsRegistryTest {
  private static final PrintStream NOWHERE = new PrintStream(new ByteArrayOutputStream());

  @Test
  void everyFlagThatGivesASettingShowsTheRegistrysHelpAndDefault() {
    Set<String> seen = new HashSet<>();
    visit(Main.commandLine(Map.of(), NOWHERE, NOWHERE), seen);
    for (Setting s : Setting.values()) {
      if (s.flag() != null) {
        assertThat(seen).as("some command takes %s", s.flag()).contains(s.flag());
      }
    }
  }

  private static void visit(CommandLine cl, Set<String> seen) {
    for (OptionSpec o : cl.getCommandSpec().options()) {
      Setting.byFlag(o.longestName())
          .ifPresent(
              s -> {
                seen.add(s.flag());
                boolean own =
                    cl.getCommandSpec().qualifiedName().startsWith("vicisync dead-letters")
                        && s
                            == Setting
                                .SOURCE; // "Default: all" of the dead letters, not [sync] source
                if (!own) {
                  assertThat(String.join(" ", o.description()))
                      .as("%s %s", cl.getCommandSpec().qualifiedName(), o.longestName())
                      .isEqualTo(s.helpWithDefault());
                }
              });
    }
    cl.getSubcommands().values().forEach(sub -> visit(sub, seen));
  }

  @Test
  void theReadmesSyncSectionListsEverySettingWithItsDefault() throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf("   [sync]");
    String block = readme.substring(start, readme.indexOf("```", start));
    Map<String, String> documented = new LinkedHashMap<>();
    block
        .lines()
        .skip(1)
        .filter(l -> !l.isBlank())
        .forEach(
            l -> {
              String t = l.replaceAll("\\s;.*$", "").strip();
              int eq = t.indexOf('=');
              documented.put(t.substring(0, eq).strip(), t.substring(eq + 1).strip());
            });
    Map<String, String> registry = new LinkedHashMap<>();
    for (Setting s : Setting.values()) {
      if (s.inSyncSection()) {
        registry.put(s.didsName(), s.defaultValue());
      }
    }
    assertThat(documented).isEqualTo(registry);
  }
}
