package io.vicisync.state.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Replaces a file so that a crash at any instant leaves either the old content or the new, never an
 * empty or half-written file (the Perl script's checkpoint was written in place and lost). The
 * temporary file is created new under an unpredictable name, so a link planted in the directory
 * (the metrics file's directory belongs to another user) is never written through; the rename
 * replaces a planted link itself, not what it points at.
 */
public final class AtomicFile {
  private AtomicFile() {}

  public static void write(Path target, byte[] content) throws IOException {
    write(target, content, SafeFiles.FILE);
  }

  public static void write(Path target, byte[] content, Set<PosixFilePermission> mode)
      throws IOException {
    write(target, content, mode, true);
  }

  /**
   * As {@link #write}, still atomic, but not forced to disk: for reports (status.json, the metrics
   * file) that {@code follow} rewrites every few seconds; a power cut loses at most the last one,
   * and nothing depends on it.
   */
  public static void writeReport(Path target, byte[] content, Set<PosixFilePermission> mode)
      throws IOException {
    write(target, content, mode, false);
  }

  private static void write(
      Path target, byte[] content, Set<PosixFilePermission> mode, boolean durable)
      throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    // a leading dot: exporters and globs skip it; created 0600 with O_EXCL, whatever is there
    Path tmp =
        Files.createTempFile(
            dir,
            "." + target.getFileName() + ".",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        if (durable) {
          ch.force(true);
        }
      }
      SafeFiles.setMode(tmp, mode);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    if (durable) {
      syncDirectory(dir);
    }
  }

  /** Makes a rename durable: on Linux a directory opened for reading can be fsynced. */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems refuse fsync on a directory; the rename itself is still atomic.
    }
  }
}
