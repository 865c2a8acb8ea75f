package io.vicisync.state.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;

/**
 * With {@code vicisync follow} running, cron's {@code run} still starts every minute and exits at
 * once: it says so in the log at most once an hour, not 1,440 times a day. The time of the last
 * such line is this file's modification time, so it survives between runs.
 */
public final class FollowNotice {
  static final Duration EVERY = Duration.ofHours(1);

  private final Path file;

  FollowNotice(Path file) {
    this.file = file;
  }

  /** True (and remembered) when the last line was an hour ago or more; never throws. */
  public boolean due(long nowMillis) {
    try {
      BasicFileAttributes a =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      long last = a.lastModifiedTime().toMillis();
      if (a.isRegularFile() && nowMillis - last < EVERY.toMillis() && last <= nowMillis) {
        return false;
      }
    } catch (IOException e) {
      // absent: the first skipped run since follow started logging here
    }
    try {
      AtomicFile.write(file, new byte[0]);
    } catch (IOException e) {
      // the line is logged anyway: a state directory that cannot be written is said elsewhere
    }
    return true;
  }
}
