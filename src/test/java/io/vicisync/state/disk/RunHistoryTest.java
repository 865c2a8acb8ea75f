package io.vicisync.state.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** runs.jsonl rotates itself, so that logrotate never has to reach into the state directory. */
class RunHistoryTest {
  @TempDir Path dir;

  private static RunStatus.LastRun run(int posted) {
    return new RunStatus.LastRun(
        "outbound", 1, 2, 0, posted, 0, 0, 0, 0, 0, 0, 0, "a", "b", 0, 0, true, null, 0, 0, null);
  }

  @Test
  void pastItsSizeTheHistoryBecomesRunsJsonl1AndANewOneStarts() throws Exception {
    Path file = new StateDir(dir).runs();
    RunHistory h = new RunHistory(file, 1000);
    int lines = 0;
    while (!Files.exists(RunHistory.previous(file))) {
      h.append(run(lines++));
    }
    assertThat(Files.readAllLines(RunHistory.previous(file))).hasSize(lines - 1);
    assertThat(Files.readAllLines(file)).hasSize(1).allMatch(l -> l.contains("\"posted\":"));
    for (int i = 0; i < 3 * lines; i++) {
      h.append(run(i));
    }
    assertThat(Files.size(file)).isLessThan(1000 + 400);
    assertThat(Files.size(RunHistory.previous(file))).isLessThan(1000 + 400);
    try (var s = Files.list(dir)) {
      assertThat(s).as("one previous history kept, not a pile").hasSize(2);
    }
  }

  @Test
  void aLinkInItsPlaceIsRenamedNeverFollowed() throws Exception {
    Path file = new StateDir(dir).runs();
    Path elsewhere = Files.writeString(dir.resolve("elsewhere"), "x".repeat(2000));
    Files.createSymbolicLink(file, elsewhere);
    new RunHistory(file, 10).append(run(1));
    assertThat(Files.readString(elsewhere)).isEqualTo("x".repeat(2000));
    assertThat(Files.isSymbolicLink(RunHistory.previous(file))).isTrue();
    assertThat(Files.isSymbolicLink(file)).isFalse();
  }
}
