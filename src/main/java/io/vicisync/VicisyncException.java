package io.vicisync;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * A failure the administrator can act on. Its message is one line that names the file, key or row
 * at fault and what to do; the CLI prints it without a stack trace and exits with {@link
 * #exitCode()}.
 */
public class VicisyncException extends RuntimeException {
  private final ExitCode exitCode;

  public VicisyncException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public VicisyncException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }

  public static VicisyncException config(String message) {
    return new VicisyncException(ExitCode.CONFIG, message);
  }

  /**
   * The installation is not configured yet (no API key): a fresh package's cron job says so in its
   * log once an hour, and mails nobody every minute.
   */
  public static VicisyncException notConfigured(String message) {
    return new NotConfigured(message);
  }

  /**
   * The database is there but did not answer in time (a table locked, a query past the statement
   * limit): the next run retries (75), and a health check cannot tell how the sync stands.
   */
  public static VicisyncException busy(String message, Throwable cause) {
    return new Busy(message, cause);
  }

  /** See {@link #busy}. */
  public boolean busyDatabase() {
    return this instanceof Busy;
  }

  private static final class Busy extends VicisyncException {
    Busy(String message, Throwable cause) {
      super(ExitCode.TEMPORARY, message, cause);
    }
  }

  /** See {@link #notConfigured}. */
  public boolean notConfiguredYet() {
    return this instanceof NotConfigured;
  }

  private static final class NotConfigured extends VicisyncException {
    NotConfigured(String message) {
      super(ExitCode.CONFIG, message);
    }
  }

  /**
   * Why {@code file} (in the state directory) could not be opened or made: a disk that is full or
   * read-only is 74, like any state file that cannot be written; anything else, {@code otherwise}
   * (a permission, a path that is not a directory: the configuration's).
   */
  public static VicisyncException stateDisk(Path file, IOException e, VicisyncException otherwise) {
    String why = String.valueOf(e.getMessage());
    return why.contains("Read-only file system") || why.contains("No space left on device")
        ? unwritable(file, e)
        : otherwise;
  }

  /**
   * A state file that could not be written: the run stops dispatching at once, because a post whose
   * delivery cannot be recorded would be sent again by the next run.
   */
  public static VicisyncException unwritable(Path file, IOException e) {
    String why =
        e instanceof FileSystemException f && f.getReason() != null
            ? f.getReason()
            : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new VicisyncException(
        ExitCode.IO_ERROR,
        "cannot write "
            + file
            + " ("
            + Text.oneLine(why, 200)
            + "); free space there or fix its permissions; nothing was skipped, the next"
            + " run resumes",
        e);
  }
}
