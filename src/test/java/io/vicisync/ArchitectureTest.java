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
                Pattern.compile("^import (static )?(io\\.vicisync\\.(log|cli|jobs)\\.|picocli)")))
        .isEmpty();
  }

  /**
   * The core reaches the database through {@code CallReader} and the disk through the state
   * interfaces: neither the JDBC side ({@code source.jdbc}) nor the file stores ({@code
   * state.disk}), nor java.sql, so that its tests need neither a database nor a directory.
   */
  @Test
  void theCoreReachesTheDatabaseAndTheDiskOnlyThroughTheirPorts() throws IOException {
    assertThat(
            offenders(
                sources("engine"),
                Pattern.compile(
                    "^import (static )?(io\\.vicisync\\.(source\\.jdbc|state\\.disk)\\.|java\\.sql)")))
        .isEmpty();
  }

  /**
   * The rooms that hold the ports and records (source, state) do not reach into the rooms behind
   * them: a port that called its file class, or the call model its SQL, would drag them along.
   */
  @Test
  void thePortsDoNotReachBehindThemselves() throws IOException {
    List<Path> sourceModel =
        sources("source").stream().filter(p -> !p.startsWith(MAIN.resolve("source/jdbc"))).toList();
    assertThat(
            offenders(
                sourceModel,
                Pattern.compile("^import (static )?(io\\.vicisync\\.source\\.jdbc|java\\.sql)")))
        .isEmpty();
    List<Path> statePorts =
        sources("state").stream().filter(p -> !p.startsWith(MAIN.resolve("state/disk"))).toList();
    assertThat(
            offenders(
                statePorts,
                Pattern.compile(
                    "^import (static )?(io\\.vicisync\\.state\\.disk|java\\.nio\\.file)")))
        .isEmpty();
  }

  /** SQL is sent from the JDBC side and doctor's inspection, nowhere else. */
  @Test
  void onlyTheJdbcSideAndOpsTalkSql() throws IOException {
    List<Path> others =
        sources("").stream()
            .filter(
                p ->
                    !p.startsWith(MAIN.resolve("source/jdbc"))
                        && !p.startsWith(MAIN.resolve("ops")))
            .toList();
    assertThat(offenders(others, Pattern.compile("^import java\\.sql"))).isEmpty();
  }

  /**
   * What the core may know of {@code state}: the records it keeps and the interfaces it keeps them
   * through, which is all the {@code state} package holds besides its {@code disk} room; named here
   * so that a new one is a decision, not an accident.
   */
  private static final List<String> STATE_PORTS =
      List.of(
          "Alias",
          "BackfillProgress",
          "BackfillState",
          "Checkpoint",
          "Checkpoints",
          "DeadLetterBox",
          "PerlPosition",
          "SentLedger",
          "WatchEntry");

  @Test
  void theStateRoomOfPortsHoldsOnlyThePortsAndRecords() throws IOException {
    try (Stream<Path> s = Files.list(MAIN.resolve("state"))) {
      assertThat(
              s.filter(p -> p.toString().endsWith(".java"))
                  .map(p -> p.getFileName().toString().replace(".java", "")))
          .containsExactlyInAnyOrderElementsOf(STATE_PORTS);
    }
  }

  @Test
  void theCoreNamesStateOnlyByImport() throws IOException {
    List<String> out = new ArrayList<>();
    for (Path f : sources("engine")) {
      for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        if (l.contains("io.vicisync.state.") && !l.startsWith("import ")) {
          out.add(MAIN.relativize(f) + ": " + l.strip() + " (a qualified name: import it)");
        }
      }
    }
    assertThat(out).isEmpty();
  }

  /** A run's counts move in one place, where each settlement is decided: never beside it. */
  @Test
  void onlyTheSettlementCountsWhatARunDid() throws IOException {
    assertThat(
            offenders(
                sources("engine").stream()
                    .filter(p -> !p.endsWith("engine/Settlement.java"))
                    .toList(),
                Pattern.compile(
                    "\\.(posted|resent|unchanged|deadLettered|abandoned|wouldSend|withoutDid"
                        + "|changedNotResent|merged)\\.(incrementAndGet|getAndIncrement|addAndGet"
                        + "|getAndAdd|set|lazySet)\\(")))
        .isEmpty();
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
                all.stream().filter(p -> !p.endsWith("state/disk/StateDir.java")).toList(),
                Pattern.compile(
                    "\"(checkpoint|dead-letters|backfill|runs|status|rate-limited|vicisync)"
                        + "[\\w-]*\\.(json|jsonl|lock)\"|resolve\\(\"ledger")))
        .isEmpty();
  }
}
