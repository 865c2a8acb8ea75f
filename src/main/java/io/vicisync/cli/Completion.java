package io.vicisync.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.AutoComplete;

/**
 * Writes the bash completion script for every command and option. Run by the build (see pom.xml),
 * so the packages ship a script that matches the jar beside it.
 */
public final class Completion {
  private Completion() {}

  public static void main(String[] args) throws IOException {
    Path target = Path.of(args[0]);
    Files.createDirectories(target.toAbsolutePath().getParent());
    String script =
        AutoComplete.bash("vicisync", Main.commandLine(Map.of(), System.out, System.err));
    // sourced by bash-completion, never run: no #! line (lintian, rpmlint)
    script = script.replaceFirst("\\A#![^\\n]*\\n", "");
    Files.writeString(target, script, StandardCharsets.UTF_8);
  }
}
