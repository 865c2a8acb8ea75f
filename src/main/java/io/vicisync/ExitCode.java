package io.vicisync;

/**
 * The process exit statuses, defined once. They follow sysexits(3) so that cron wrappers and
 * monitoring scripts written for other daemons read them the same way.
 */
public enum ExitCode {
  OK(0, "ok"),
  PROBLEMS_FOUND(
      1,
      "reconcile found calls the receiver is missing (or has stale, with resend = changes), or"
          + " doctor a failed check"),
  USAGE(64, "usage error"),
  DEAD_LETTERED(65, "some calls were refused by the receiver and dead-lettered"),
  INTERNAL(70, "internal error (a bug: please report it with the log)"),
  IO_ERROR(74, "a state file could not be written (disk full?); nothing skipped"),
  TEMPORARY(75, "temporary failure; nothing lost, the next run resumes"),
  PERMISSION(77, "permission denied (API key or database grants)"),
  CONFIG(78, "configuration error"),
  /** As a shell reports a command ended by SIGINT (Ctrl-C): 128 + 2. */
  INTERRUPTED(130, "stopped by SIGINT; the posts in flight finished, the next run resumes"),
  /** As a shell reports a command ended by SIGTERM: 128 + 15. */
  TERMINATED(143, "stopped by SIGTERM; the posts in flight finished, the next run resumes");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }

  /** The exit status with {@code code}. */
  public static ExitCode of(int code) {
    for (ExitCode e : values()) {
      if (e.code == code) {
        return e;
      }
    }
    throw new IllegalArgumentException("no exit code " + code);
  }

  /**
   * Whether the command did its work: every call it read is delivered, or refused for good and kept
   * as a dead letter (65). Anything else leaves work for the next run.
   */
  public boolean didItsWork() {
    return this == OK || this == DEAD_LETTERED;
  }

  /** The worse of two outcomes: a later stage never hides an earlier, graver failure. */
  public ExitCode worst(ExitCode other) {
    return severity() >= other.severity() ? this : other;
  }

  private int severity() {
    return switch (this) {
      case OK -> 0;
      case PROBLEMS_FOUND -> 1;
      case DEAD_LETTERED -> 2;
      case TEMPORARY, INTERRUPTED, TERMINATED -> 3;
      case IO_ERROR -> 4;
      case PERMISSION, CONFIG, USAGE -> 4;
      case INTERNAL -> 5;
    };
  }
}
