package io.vicisync.log;

import io.vicisync.Text;
import io.vicisync.VicisyncException;
import io.vicisync.state.SafeFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The run's log: every line to the log file; warnings and errors to stderr as well, so that cron
 * mails only trouble. Lines are flushed as written, so {@code tail -f} shows a run as it goes.
 */
public final class RunLog implements AutoCloseable {
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private final Writer file;
  private final PrintStream err;
  private final String tag;
  private boolean fileFailed;

  private RunLog(Writer file, PrintStream err, long pid) {
    this.file = file;
    this.err = err;
    this.tag = " vicisync[" + pid + "]: ";
  }

  /** A log that appends to {@code path}; null writes only warnings and errors, to stderr. */
  public static RunLog open(Path path, PrintStream err, long pid) {
    if (path == null) {
      return new RunLog(null, err, pid);
    }
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        SafeFiles.directory(parent, "the log directory");
      }
      Writer w =
          new BufferedWriter(
              Channels.newWriter(SafeFiles.append(path, SafeFiles.FILE), StandardCharsets.UTF_8));
      return new RunLog(w, err, pid);
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
