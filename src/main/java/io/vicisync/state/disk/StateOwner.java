package io.vicisync.state.disk;

import io.vicisync.Text;
import io.vicisync.VicisyncException;
import io.vicisync.config.Instance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Whose a state directory is, and in which format. Two instances given one (an explicit state_dir
 * copied with a dids.conf) would share a checkpoint and a ledger: one dialer's calls would be
 * skipped as read already, or counted as the other's. A build older than the one that last wrote it
 * would drop what it does not understand (a downgrade after a bad upgrade). The first command that
 * locks the directory writes both; every later one must be that instance, and know that format.
 */
public final class StateOwner {
  private StateOwner() {}

  /**
   * The layout this build writes and reads; a directory without the file (older builds') is read as
   * this format. Raised when a later layout cannot be read by this build.
   */
  public static final int FORMAT = 1;

  /** Read at most this much: the files hold a name of 32 characters, or a number. */
  private static final int MAX = 256;

  /**
   * Makes {@code state} {@code label}'s when it is no one's yet; refuses (78) when it is another
   * instance's, or written in a newer format than this build knows. Never follows a link, nor opens
   * what is not a regular file.
   */
  public static void claim(StateDir state, String label) {
    String format =
        marker(state, state.format(), Integer.toString(FORMAT), "its format (a number)");
    int found;
    try {
      found = Integer.parseInt(format);
    } catch (NumberFormatException e) {
      found = Integer.MAX_VALUE;
    }
    if (found > FORMAT) {
      throw VicisyncException.config(
          "the state directory "
              + state.root()
              + " is in format '"
              + Text.oneLine(format, 20)
              + "' ("
              + state.format()
              + "), newer than this vicisync knows ("
              + FORMAT
              + "): a newer version wrote it; install that version again (or a later one) rather"
              + " than lose what this one cannot read; nothing was read or changed");
    }
    if (found < FORMAT) {
      write(state, state.format(), Integer.toString(FORMAT)); // older layouts are read as they are
    }
    String owner = marker(state, state.owner(), label, "the name of the instance it belongs to");
    if (!owner.equals(label)) {
      throw VicisyncException.config(
          "the state directory "
              + state.root()
              + " is instance '"
              + Text.oneLine(owner, 30)
              + "''s ("
              + state.owner()
              + "), and this is "
              + (label.equals(Instance.DEFAULT_LABEL)
                  ? "the default instance"
                  : "instance '" + label + "'")
              + ": two instances in one state directory would share a checkpoint and a ledger;"
              + " give each its own state_dir (if you renamed the instance, write its new name"
              + " in that file)");
    }
  }

  /**
   * What the one-line file {@code file} says; when there is none yet, {@code first} is written and
   * returned. {@code holds}: what the file is for, in the error that says it is not a file.
   */
  private static String marker(StateDir state, Path file, String first, String holds) {
    try {
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        write(state, file, first);
        return first;
      }
      if (!a.isRegularFile()) {
        throw VicisyncException.config(
            file
                + " is not a regular file; it should hold "
                + holds
                + ": remove it, and the next run writes it");
      }
      byte[] head;
      try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
        head = in.readNBytes(MAX);
      }
      return new String(head, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw unreadable(state, file, e);
    }
  }

  private static void write(StateDir state, Path file, String value) {
    try {
      AtomicFile.write(file, (value + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw unreadable(state, file, e);
    }
  }

  private static VicisyncException unreadable(StateDir state, Path file, IOException e) {
    return VicisyncException.stateDisk(
        state.root(), e, VicisyncException.config("cannot read or write " + file + " (" + e + ")"));
  }
}
