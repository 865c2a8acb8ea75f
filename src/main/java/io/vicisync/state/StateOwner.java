package io.vicisync.state;

import io.vicisync.Text;
import io.vicisync.VicisyncException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Whose a state directory is. Two instances given one (an explicit state_dir copied with a
 * dids.conf) would share a checkpoint and a ledger: one dialer's calls would be skipped as read
 * already, or counted as the other's. The first command that locks the directory writes its
 * instance's label; every later one must be that instance.
 */
public final class StateOwner {
  private StateOwner() {}

  /** Read at most this much: the file holds a name of 32 characters. */
  private static final int MAX = 256;

  /**
   * Makes {@code state} {@code label}'s when it is no one's yet; refuses (78) when it is another
   * instance's. Never follows a link, nor opens what is not a regular file.
   */
  public static void claim(StateDir state, String label) {
    try {
      BasicFileAttributes a;
      try {
        a =
            Files.readAttributes(
                state.owner(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        AtomicFile.write(state.owner(), (label + "\n").getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (!a.isRegularFile()) {
        throw VicisyncException.config(
            state.owner()
                + " is not a regular file; it should hold the name of the instance whose state"
                + " directory this is: remove it, and the next run writes it");
      }
      byte[] head;
      try (var in = Files.newInputStream(state.owner(), LinkOption.NOFOLLOW_LINKS)) {
        head = in.readNBytes(MAX);
      }
      String owner = new String(head, StandardCharsets.UTF_8).strip();
      if (!owner.equals(label)) {
        throw VicisyncException.config(
            "the state directory "
                + state.root()
                + " is instance '"
                + Text.oneLine(owner, 30)
                + "''s ("
                + state.owner()
                + "), and this is "
                + (label.equals(io.vicisync.config.Instance.DEFAULT_LABEL)
                    ? "the default instance"
                    : "instance '" + label + "'")
                + ": two instances in one state directory would share a checkpoint and a ledger;"
                + " give each its own state_dir (if you renamed the instance, write its new name"
                + " in that file)");
      }
    } catch (IOException e) {
      throw VicisyncException.stateDisk(
          state.root(),
          e,
          VicisyncException.config("cannot read or write " + state.owner() + " (" + e + ")"));
    }
  }
}
