package io.vicisync;

import java.time.Duration;

/**
 * When a run must end: no post starts and no retry waits past it. Mutable because a resident
 * process gives every poll a new one, and a stop signal cuts the current one short from another
 * thread.
 */
public final class Deadline {
  private volatile long nanos;
  private volatile boolean cutShort;

  private Deadline(long nanos) {
    this.nanos = nanos;
  }

  /** {@code limit} from now. */
  public static Deadline in(Duration limit) {
    return new Deadline(System.nanoTime() + limit.toNanos());
  }

  /** The {@link System#nanoTime()} it falls at. */
  public long nanos() {
    return nanos;
  }

  public boolean passed() {
    return System.nanoTime() - nanos > 0;
  }

  /** Moves it to {@code limit} from now: the next poll of a resident process. */
  public void reset(Duration limit) {
    cutShort = false;
    nanos = System.nanoTime() + limit.toNanos();
  }

  /** Makes it now: posts in flight finish, no new one starts. */
  public void expire() {
    cutShort = true;
    nanos = System.nanoTime();
  }

  /** It was {@link #expire}d (a stop signal), not reached: a stop, not --max-run-time. */
  public boolean cutShort() {
    return cutShort;
  }
}
