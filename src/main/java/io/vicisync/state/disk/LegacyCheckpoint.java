package io.vicisync.state.disk;

import io.vicisync.Text;
import io.vicisync.VicisyncException;
import io.vicisync.state.PerlPosition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The position of the Perl scripts vicisync replaces, in {@code /tmp/did-optimizer-last-check.txt}:
 * process-call-results.pl writes one line of VICIdial server local time, {@code YYYY-MM-DD
 * HH:MM:SS}; its successor AST_DID_optimizer_sync.pl the last uniqueid it sent, which Asterisk
 * begins with the epoch second the call started.
 *
 * <p>That file lives where any local user can write, and root reads it: it is taken only if it is a
 * small regular file (no link, FIFO or device, which could leak another file or hang the run),
 * owned by root or this user and writable by no one else. In a sticky {@code /tmp} nobody else can
 * then replace it between the check and the read.
 */
public final class LegacyCheckpoint implements PerlPosition {
  private static final Pattern LOCAL = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
  private static final Pattern UNIQUEID = Pattern.compile("(\\d{9,10})\\.\\d{1,9}");

  private static final int MAX_BYTES = 256;

  private final Path file;

  private LegacyCheckpoint(Path file) {
    this.file = file;
  }

  /** The script's position in {@code file}; none when file is null. */
  public static PerlPosition at(Path file) {
    return file == null ? NONE : new LegacyCheckpoint(file);
  }

  @Override
  public Optional<Position> read() {
    return read(file);
  }

  /** The position it holds, or empty when there is no such file. */
  static Optional<Position> read(Path file) {
    PosixFileAttributes a;
    try {
      a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw refuse(file, "cannot be examined (" + Text.safe(e.getMessage()) + ")");
    }
    if (a.isSymbolicLink()) {
      throw refuse(
          file,
          "is a symbolic link, which vicisync does not follow where other users" + " can write");
    }
    if (!a.isRegularFile()) {
      throw refuse(file, "is not a regular file (a FIFO, device or directory)");
    }
    int owner = ownerUid(file);
    if (owner != 0 && owner != SafeFiles.myUid()) {
      throw refuse(
          file,
          "is owned by uid " + owner + ", not by root: another user could have" + " written it");
    }
    if (a.permissions().contains(PosixFilePermission.GROUP_WRITE)
        || a.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
      throw refuse(file, "is writable by other users");
    }
    if (a.size() > MAX_BYTES) {
      throw refuse(file, "holds " + a.size() + " bytes, not one line with a time");
    }
    String text;
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer buf = ByteBuffer.allocate(MAX_BYTES + 1);
      while (ch.read(buf) > 0 && buf.hasRemaining()) {
        // a regular file: reads end
      }
      text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw refuse(file, "cannot be read (" + Text.safe(e.getMessage()) + ")");
    }
    Matcher uid = UNIQUEID.matcher(text);
    if (uid.matches()) {
      return Optional.of(new Position(text, Long.parseLong(uid.group(1)), file.toString()));
    }
    if (!LOCAL.matcher(text).matches()) {
      throw VicisyncException.config(
          file
              + ", process-call-results.pl's checkpoint, "
              + (text.isEmpty()
                  ? "is empty (that script rewrites it in place; a crash empties it)"
                  : "holds '" + Text.oneLine(text, 40) + "'")
              + ", neither a time like 2026-11-20 14:05:00 nor a uniqueid like 1729771234.567:"
              + " write the time the old script last reached,"
              + " or delete the file to start --initial-lookback minutes back");
    }
    return Optional.of(new Position(text, null, file.toString()));
  }

  private static int ownerUid(Path file) {
    try {
      return (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static VicisyncException refuse(Path file, String why) {
    return VicisyncException.config(
        file
            + ", process-call-results.pl's checkpoint, "
            + why
            + "; vicisync did not read it. If the old script really left its position there, copy"
            + " that time into a root-owned file (chmod 600) and pass it with --legacy-checkpoint;"
            + " otherwise delete it to start --initial-lookback minutes back");
  }
}
