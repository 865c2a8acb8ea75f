package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** State that cannot be trusted, or cannot be written, stops a run cleanly and loses nothing. */
class StateIT extends ViciTest {

  @Test
  void aCheckpointCursorTheDatabaseCannotUseStopsWith78NamingFileAndValue() throws Exception {
    vici.insertFinished(5, "1700000501.");
    assertThat(vici.run("run").exit()).isZero();
    String good = Files.readString(vici.checkpoint());
    long now = vici.dbNow();
    for (long bad : new long[] {4_102_444_800L, 100L, now + 86_400}) {
      Files.writeString(
          vici.checkpoint(),
          good.replaceFirst("\"cursorEpoch\" : \\d+", "\"cursorEpoch\" : " + bad));
      // each as the first of its kind: cron would hear a trouble that lasts once an hour
      Files.deleteIfExists(vici.stateDir.resolve("trouble.json"));
      Vici.Result r = vici.run("run");
      assertThat(r.exit()).as("cursor %d", bad).isEqualTo(78);
      assertThat(r.err())
          .contains(vici.checkpoint().toString())
          .contains(String.valueOf(bad))
          .doesNotContain("Exception")
          .hasLineCount(1);
    }
    assertThat(receiver.requests()).isEqualTo(5);
  }

  @Test
  void aStrayFileInTheLedgerDirectoryIsIgnoredWithOneLogLine() throws Exception {
    vici.insertFinished(5, "1700000502.");
    assertThat(vici.run("run").exit()).isZero();
    Path ledger = vici.stateDir.resolve("ledger");
    Files.writeString(ledger.resolve("notes.txt"), "moved the old ledger here\n");
    Files.writeString(ledger.resolve("2024.led"), "x");
    Files.writeString(ledger.resolve("20241399.led"), "x");
    Files.createDirectory(ledger.resolve("20240101.led"));
    long now = vici.dbNow();
    for (int i = 0; i < 3; i++) {
      vici.insert(new Vici.Call("1700000503." + i, vici.local(now - 100 + i), now - 100 + i));
    }

    Vici.Result r = vici.run("run");

    assertThat(r.exit()).isZero();
    assertThat(r.out() + r.err()).isEmpty();
    assertThat(vici.log()).contains("ignoring [2024.led, 20240101.led, 20241399.led, notes.txt]");
    assertThat(receiver.countByUniqueid()).hasSize(8);
    assertThat(receiver.countByUniqueid().values()).containsOnly(1);
  }

  /**
   * The state directory on a small tmpfs that fills up mid-run: exit 74 naming the path, and after
   * space is freed, every call arrives, re-sending at most the posts that were in flight.
   */
  @Test
  void aFullDiskStopsWith74AndReSendsAtMostWhatWasInFlight() throws Exception {
    Path mnt = tmp.resolve("small");
    Files.createDirectories(mnt);
    assumeTrue(mount(mnt, "size=1m"), "needs root and tmpfs to fill a disk; skipped");
    try {
      Path state = mnt.resolve("state");
      Files.createDirectories(state);
      // leave room for a few thousand ledger records, not six thousand
      Files.write(mnt.resolve("filler"), new byte[1024 * 1024 - 64 * 1024]);
      vici.insertFinished(6000, "1700000504.");
      vici.sync("initial_lookback = 180");
      Vici.Result r = vici.runWithState(state, "run");

      assertThat(r.exit()).as(r.err()).isEqualTo(74);
      assertThat(r.err())
          .contains(state.toString())
          .contains("No space left on device")
          .doesNotContain("Exception:")
          .doesNotContain("\tat ");
      int before = receiver.requests();
      assertThat(before).as("it stopped before the end").isLessThan(6000);

      Files.delete(mnt.resolve("filler"));
      assertThat(vici.runWithState(state, "run").exit()).isZero();
      Map<String, Integer> got = receiver.countByUniqueid();
      assertThat(got).hasSize(6000);
      long twice = got.values().stream().filter(n -> n > 1).count();
      System.out.printf(
          "disk full: stopped after %d of 6000 posts; re-sent after freeing space:" + " %d%n",
          before, twice);
      assertThat(twice).as("re-sent: at most the posts in flight").isLessThanOrEqualTo(16);
    } finally {
      new ProcessBuilder("umount", "-l", mnt.toString()).start().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static boolean mount(Path dir, String options) {
    try {
      Process p =
          new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString())
              .redirectErrorStream(true)
              .start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
