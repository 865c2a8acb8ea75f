package io.vicisync.state.disk;

import io.vicisync.VicisyncException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code rate-limited.json}: until when the receiver's rate limiter told us to stay away
 * (Retry-After). Cron starts a run every minute; without this each would push its first posts into
 * the limiter again and prolong the ban.
 */
public final class RateLimitStore {
  /** The receiver's answer: no posts before {@code untilMillis} (epoch milliseconds). */
  public record Pause(long untilMillis, String reason) {}

  private final Path file;

  /** {@code file}: where {@link StateDir#rateLimit} says. */
  RateLimitStore(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** The pause in force at {@code nowMillis}; a damaged file is no pause (it only saves posts). */
  public Optional<Pause> active(long nowMillis) {
    try {
      return JsonFile.read(file, Pause.class, VicisyncException::config)
          .filter(p -> p.untilMillis() > nowMillis);
    } catch (VicisyncException damaged) {
      return Optional.empty();
    }
  }

  public void save(Pause p) {
    JsonFile.write(file, p);
  }
}
