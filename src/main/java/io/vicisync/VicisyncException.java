package io.vicisync;

/**
 * A failure the administrator can act on. Its message is one line that names the file, key or
 * row at fault and what to do; the CLI prints it without a stack trace and exits with {@link
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
}
