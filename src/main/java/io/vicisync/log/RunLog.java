package io.vicisync.log;

import io.vicisync.Text;
import io.vicisync.VicisyncException;
import io.vicisync.state.disk.SafeFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The run's log: every line to the log file; warnings and errors to stderr as well, so that cron
 * mails only trouble. Lines are flushed as written, so {@code tail -f} shows a run as it goes.
 */
public final class RunLog implements AutoCloseable {
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** How long a log file renamed away may stay missing before this creates it itself. */
  private static final long MISSING_GRACE_NANOS = 5_000_000_000L;

  private final Path path;
  private Writer file;
  private Object fileKey;
  private long missingSinceNanos;
  private final PrintStream err;
  private final String tag;
  private boolean fileFailed;

  private RunLog(Path path, Writer file, PrintStream err, long pid) {
    this.path = path;
    this.file = file;
    this.fileKey = path == null ? null : keyOf(path);
    this.err = err;
    this.tag = " vicisync[" + pid + "]: ";
  }

  /** A log that appends to {@code path}; null writes only warnings and errors, to stderr. */
  public static RunLog open(Path path, PrintStream err, long pid) {
    if (path == null) {
      return new RunLog(null, null, err, pid);
    }
    try {
      return new RunLog(path, writer(path), err, pid);
    } catch (IOException e) {
      throw VicisyncException.config(
          "cannot write the log file "
              + path
              + " ("
              + e.getClass().getSimpleName()
              + ": "
              + Text.safe(e.getMessage())
              + "); pass --log-file or set [sync] log_file in"
              + " dids.conf");
    }
  }

  private static Writer writer(Path path) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      SafeFiles.directory(parent, "the log directory");
    }
    return new BufferedWriter(
        Channels.newWriter(SafeFiles.append(path, SafeFiles.FILE), StandardCharsets.UTF_8));
  }

  /** The file's identity (device and inode); null when there is no file at the path. */
  private static Object keyOf(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * {@code follow} runs for months: once logrotate has renamed the file and created a new one, the
   * next line goes to the new file. A line written between the rename and the create goes on into
   * the renamed file, which logrotate keeps, so none is lost; a log deleted and not recreated is
   * created again after a few seconds. One stat a line: a few microseconds.
   */
  private void reopenIfRotated() {
    Object key = keyOf(path);
    if (key != null && key.equals(fileKey)) {
      return;
    }
    long now = System.nanoTime();
    if (key == null) {
      if (missingSinceNanos == 0) {
        missingSinceNanos = now;
      }
      if (now - missingSinceNanos < MISSING_GRACE_NANOS) {
        return; // logrotate creates it in a moment: not before it, or its create would fail
      }
    }
    missingSinceNanos = 0;
    try {
      Writer w = writer(path);
      file.close();
      file = w;
      fileKey = keyOf(path);
    } catch (IOException e) {
      // the renamed file still takes the lines; said once, like any other failure to write
      if (!fileFailed) {
        err.println(
            "vicisync: cannot reopen the log file "
                + path
                + " after rotation ("
                + Text.safe(e.getMessage())
                + "); lines go on into the rotated file");
        fileFailed = true;
      }
    }
  }

  public void info(String line) {
    write(line, false);
  }

  public void warn(String line) {
    write("warning: " + line, true);
  }

  public void error(String line) {
    write("error: " + line, true);
  }

  /**
   * Every line is made safe here, whatever it holds: a phone number with a newline or an ANSI
   * escape must not forge a line in the log or reach the terminal of whoever tails it.
   */
  private synchronized void write(String raw, boolean toStderr) {
    String line = Text.safe(raw);
    if (file != null) {
      try {
        reopenIfRotated();
        file.write(LocalDateTime.now(ZoneId.systemDefault()).format(TS) + tag + line + "\n");
        file.flush();
      } catch (IOException e) {
        if (!fileFailed) { // once: a full disk would otherwise mail a line per call
          err.println(
              "vicisync: cannot write the log file ("
                  + Text.safe(e.getMessage())
                  + "); further lines go only to stderr when they are warnings or errors");
          fileFailed = true;
        }
      }
    }
    if (toStderr) {
      err.println("vicisync: " + line);
    }
  }

  @Override
  public synchronized void close() {
    if (file != null) {
      try {
        file.close();
      } catch (IOException ignored) {
        // every line was flushed when written
      }
    }
  }
}
