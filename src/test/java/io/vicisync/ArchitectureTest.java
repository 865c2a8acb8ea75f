package io.vicisync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The floor plan, kept true by the build: the core does not reach the edges, picocli stays in the
 * command line, and a VICIdial table or a state file is named in one place.
 */
class ArchitectureTest {
  private static final Path MAIN = Path.of("src/main/java/io/vicisync");

  private static List<Path> sources(String pkg) throws IOException {
    try (Stream<Path> s = Files.walk(pkg.isEmpty() ? MAIN : MAIN.resolve(pkg))) {
      return s.filter(p -> p.toString().endsWith(".java")).toList();
    }
  }

  private static List<String> offenders(List<Path> files, Pattern forbidden) throws IOException {
    List<String> out = new ArrayList<>();
    for (Path f : files) {
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String l = lines.get(i);
        boolean comment = l.strip().startsWith("*") || l.strip().startsWith("//");
        if (!comment && forbidden.matcher(l).find()) {
          out.add(MAIN.relativize(f) + ":" + (i + 1) + ": " + l.strip());
        }
      }
    }
    return out;
  }

  @Test
  void theCoreImportsNothingFromTheLogTheCommandLineOrTheJobs() throws IOException {
    assertThat(
            offenders(
                sources("engine"),
                Pattern.compile("^import (io\\.vicisync\\.(log|cli|jobs)\\.|picocli)")))
        .isEmpty();
  }

  /**
   * What the core may know of {@code state}: the records it keeps and the interfaces it keeps them
   * through, never a file-backed class (its tests then need no directory).
   */
  private static final List<String> CORE_MAY_IMPORT_FROM_STATE =
      List.of(
          "Alias",
          "BackfillProgress",
          "BackfillState",
          "Checkpoint",
          "Checkpoint.ScanProgress",
          "Checkpoints",
          "DeadLetterBox",
          "PerlPosition",
          "SentLedger",
          "WatchEntry",
          "WatchEntry.Reason");

  @Test
  void theCoreRemembersOnlyThroughTheStateRecordsAndInterfaces() throws IOException {
    Pattern stateImport = Pattern.compile("^import (static )?io\\.vicisync\\.state\\.([\\w.]+);");
    List<String> out = new ArrayList<>();
    for (Path f : sources("engine")) {
      for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        var m = stateImport.matcher(l);
        if (m.find() && !CORE_MAY_IMPORT_FROM_STATE.contains(m.group(2))) {
          out.add(MAIN.relativize(f) + ": " + l);
        }
        if (l.contains("io.vicisync.state.") && !l.startsWith("import ")) {
          out.add(MAIN.relativize(f) + ": " + l.strip() + " (a qualified name: import it)");
        }
      }
    }
    assertThat(out).isEmpty();
  }

  @Test
  void nothingInTheCoreCallsBackUpIntoTheRunThatUsesIt() throws IOException {
    assertThat(
            offenders(
                sources("engine").stream()
                    .filter(p -> !p.endsWith("engine/SyncEngine.java"))
                    .toList(),
                Pattern.compile("\\bSyncEngine\\.")))
        .isEmpty();
  }

  @Test
  void opsDoesNotImportTheJobsAndPicocliStaysInTheCommandLine() throws IOException {
    assertThat(offenders(sources("ops"), Pattern.compile("^import io\\.vicisync\\.jobs\\.")))
        .isEmpty();
    List<Path> notCli =
        sources("").stream().filter(p -> !p.startsWith(MAIN.resolve("cli"))).toList();
    assertThat(offenders(notCli, Pattern.compile("^import picocli"))).isEmpty();
  }

  @Test
  void aCallTableIsNamedOnlyByCallTableAndAStateFileOnlyByStateDir() throws IOException {
    List<Path> all = sources("");
    assertThat(
            offenders(
                all.stream().filter(p -> !p.endsWith("source/CallTable.java")).toList(),
                Pattern.compile("\"vicidial_(log|log_archive|closer_log|closer_log_archive)\"")))
        .isEmpty();
    assertThat(
            offenders(
                all.stream().filter(p -> !p.endsWith("state/StateDir.java")).toList(),
                Pattern.compile(
                    "\"(checkpoint|dead-letters|backfill|runs|status|rate-limited|vicisync)"
                        + "[\\w-]*\\.(json|jsonl|lock)\"|resolve\\(\"ledger")))
        .isEmpty();
  }
}
