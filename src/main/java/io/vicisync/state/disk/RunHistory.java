package io.vicisync.state.disk;

import io.vicisync.VicisyncException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * {@code runs.jsonl}: one JSON line per run, for status pages and scripts. It rotates itself: past
 * {@link #ROTATE_AT} bytes it becomes {@code runs.jsonl.1} (the one before is dropped). logrotate
 * is not asked to: it lives in the state directory, which SELinux keeps logrotate out of on the
 * RHEL family and ViciBox 13 (var_lib_t is not logrotate's to rename).
 */
public final class RunHistory {
  /** About three months of cron's runs (a line a minute), or years of follow's (a line an hour). */
  public static final long ROTATE_AT = 16L << 20;

  private final Path file;
  private final long rotateAt;

  /** {@code file}: where {@link StateDir#runs} says. */
  RunHistory(Path file) {
    this(file, ROTATE_AT);
  }

  RunHistory(Path file, long rotateAt) {
    this.file = file;
    this.rotateAt = rotateAt;
  }

  /** The previous history, once this one has rotated. */
  public static Path previous(Path file) {
    return file.resolveSibling(file.getFileName() + ".1");
  }

  public void append(RunStatus.LastRun run) {
    try {
      rotateIfFull();
      SafeFiles.appendLine(file, new String(RecordJson.write(run, false), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw VicisyncException.unwritable(file, e);
    }
  }

  /** Renames the file itself (a link is renamed, never followed): every writer holds the lock. */
  private void rotateIfFull() throws IOException {
    long size;
    try {
      size =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
    } catch (NoSuchFileException e) {
      return;
    }
    if (size >= rotateAt) {
      Files.move(file, previous(file), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
