package io.vicisync.state.disk;

import io.vicisync.VicisyncException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code slow-receiver.json}: how long to wait for the receiver's answer, kept while it answers
 * slower than {@code api_timeout}. Without it each cron run would time out the same way, and every
 * post that timed out may have been stored as a call by the receiver.
 */
public final class PatienceStore {
  /** The wait, and since when (epoch milliseconds). */
  public record Wait(long millis, long sinceMillis) {}

  private final Path file;

  /** {@code file}: where {@link StateDir#slowReceiver} says. */
  PatienceStore(Path file) {
    this.file = file;
  }

  /** The wait in force; a damaged file is none (api_timeout applies, nothing is lost). */
  public Optional<Duration> wait(Duration floor) {
    try {
      return JsonFile.read(file, Wait.class, VicisyncException::config)
          .map(w -> Duration.ofMillis(w.millis()))
          .filter(d -> d.compareTo(floor) > 0);
    } catch (VicisyncException damaged) {
      return Optional.empty();
    }
  }

  /** Keeps {@code wait} when it is longer than {@code floor}; forgets any when it is not. */
  public void keep(Duration wait, Duration floor, long nowMillis) {
    if (wait.compareTo(floor) > 0) {
      if (wait(floor).filter(wait::equals).isEmpty()) {
        JsonFile.write(file, new Wait(wait.toMillis(), nowMillis));
      }
    } else if (Files.exists(file)) {
      try {
        Files.delete(file);
      } catch (IOException e) {
        throw VicisyncException.unwritable(file, e);
      }
    }
  }
}
