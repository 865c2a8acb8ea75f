package io.vicisync.jobs;

import io.vicisync.ExitCode;
import java.util.concurrent.atomic.AtomicReference;

/**
 * SIGTERM and SIGINT for a command that changes state: the first one asks it to stop, and what is
 * under way is told (its deadline expires: no post starts, those in flight finish, the position is
 * saved). A shell reads 143 and 130 as those signals, so a command they stopped exits so.
 */
final class StopSignal {
  private final AtomicReference<String> signal = new AtomicReference<>();
  private final Runnable onStop;

  private StopSignal(Runnable onStop) {
    this.onStop = onStop;
  }

  /**
   * Handles SIGTERM and SIGINT from now on; {@code onStop} runs, on the signal thread, when one
   * arrives. {@link #handled} is false when this JVM cannot (then TERM still ends the process).
   */
  static StopSignal install(Runnable onStop) {
    StopSignal s = new StopSignal(onStop);
    boolean term = Signals.on("TERM", () -> s.stop("SIGTERM"));
    boolean interrupt = Signals.on("INT", () -> s.stop("SIGINT"));
    s.handled = term && interrupt;
    return s;
  }

  private boolean handled;

  boolean handled() {
    return handled;
  }

  /** The first stop wins; {@code why} names it for the log ("SIGTERM", "SIGINT", "interrupt"). */
  void stop(String why) {
    if (signal.compareAndSet(null, why)) {
      onStop.run();
    }
  }

  /** The signal that asked to stop; null while none has. */
  String which() {
    return signal.get();
  }

  boolean stopped() {
    return signal.get() != null;
  }

  /** How a command a signal stopped exits: 130 for SIGINT, 143 for SIGTERM, as a shell would. */
  ExitCode exitCode() {
    return "SIGINT".equals(signal.get()) ? ExitCode.INTERRUPTED : ExitCode.TERMINATED;
  }
}
