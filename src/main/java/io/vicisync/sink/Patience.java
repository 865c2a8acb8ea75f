package io.vicisync.sink;

import java.time.Duration;

/**
 * How long to wait for the receiver's answer. A post that got none may have been stored (the DID
 * Optimizer stores every post as a call), so it is not retried at once with the same wait, which
 * would only post it again into the same slowness: the next run waits twice as long, up to a cap,
 * and a run whose answers all come within {@code api_timeout} goes back to it.
 */
public final class Patience {
  /** The longest wait: whatever the setting, a post never holds a run longer than this. */
  static final Duration CAP = Duration.ofSeconds(60);

  private Patience() {}

  /** The wait after one of {@code current} went unanswered. */
  public static Duration longer(Duration current, Duration configured) {
    Duration cap = configured.multipliedBy(8).compareTo(CAP) < 0 ? configured.multipliedBy(8) : CAP;
    Duration doubled = current.multipliedBy(2);
    Duration next = doubled.compareTo(cap) < 0 ? doubled : cap;
    return next.compareTo(current) > 0 ? next : current;
  }
}
