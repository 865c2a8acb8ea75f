package io.vicisync.state.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vicisync.ExitCode;
import io.vicisync.VicisyncException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances given one state directory would share a checkpoint and a ledger: the second
 * dialer's calls would be skipped as already read, or posted twice. The directory remembers whose
 * it is.
 */
class StateOwnerTest {
  @TempDir Path dir;

  @Test
  void theFirstInstanceToLockADirectoryOwnsItAndAnotherIsRefused() throws Exception {
    StateDir state = new StateDir(dir);
    StateOwner.claim(state, "dialer2");
    StateOwner.claim(state, "dialer2");
    assertThat(Files.readString(state.owner())).isEqualTo("dialer2\n");
    assertThatThrownBy(() -> StateOwner.claim(state, "default"))
        .isInstanceOf(VicisyncException.class)
        .hasMessage(
            "the state directory "
                + dir
                + " is instance 'dialer2''s ("
                + state.owner()
                + "), and this is the default instance: two instances in one state directory"
                + " would share a checkpoint and a ledger; give each its own state_dir (if you"
                + " renamed the instance, write its new name in that file)")
        .satisfies(e -> assertThat(((VicisyncException) e).exitCode()).isEqualTo(ExitCode.CONFIG));
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void aLinkAFifoOrAHugeFileInItsPlaceIsRefusedWithoutBeingFollowedOrOpened() throws Exception {
    StateDir state = new StateDir(dir);
    Path elsewhere = Files.writeString(dir.resolve("elsewhere"), "dialer2\n");
    Files.createSymbolicLink(state.owner(), elsewhere);
    assertThatThrownBy(() -> StateOwner.claim(state, "dialer2"))
        .hasMessageContaining("is not a regular file");
    Files.delete(state.owner());
    assertThat(new ProcessBuilder("mkfifo", state.owner().toString()).start().waitFor()).isZero();
    assertThatThrownBy(() -> StateOwner.claim(state, "dialer2"))
        .hasMessageContaining("is not a regular file");
    Files.delete(state.owner());
    Files.writeString(state.owner(), "x".repeat(1_000_000));
    assertThatThrownBy(() -> StateOwner.claim(state, "dialer2"))
        .hasMessageContaining("is instance 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'");
  }

  /**
   * A downgrade after a bad upgrade: a build that finds its state in a newer format than it knows
   * stops before it reads anything, rather than drop what it does not understand.
   */
  @Test
  void aFormatNewerThanThisBuildKnowsStopsIt() throws Exception {
    StateDir state = new StateDir(dir);
    StateOwner.claim(state, "default");
    assertThat(Files.readString(state.format())).isEqualTo(StateOwner.FORMAT + "\n");
    Files.writeString(state.format(), (StateOwner.FORMAT + 1) + "\n");
    assertThatThrownBy(() -> StateOwner.claim(state, "default"))
        .isInstanceOf(VicisyncException.class)
        .hasMessage(
            "the state directory "
                + dir
                + " is in format '"
                + (StateOwner.FORMAT + 1)
                + "' ("
                + state.format()
                + "), newer than this vicisync knows ("
                + StateOwner.FORMAT
                + "): a newer version wrote it; install that version again (or a later one) rather"
                + " than lose what this one cannot read; nothing was read or changed")
        .satisfies(e -> assertThat(((VicisyncException) e).exitCode()).isEqualTo(ExitCode.CONFIG));
    Files.writeString(state.format(), "v9-beta\n");
    assertThatThrownBy(() -> StateOwner.claim(state, "default"))
        .hasMessageContaining("is in format 'v9-beta'");
    // a directory an older build wrote, without the file, is this format
    Files.delete(state.format());
    StateOwner.claim(state, "default");
    assertThat(Files.readString(state.format())).isEqualTo(StateOwner.FORMAT + "\n");
  }
}
