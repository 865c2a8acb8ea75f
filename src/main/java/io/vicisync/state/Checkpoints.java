package io.vicisync.state;

import io.vicisync.VicisyncException;
import java.util.Optional;

/**
 * Where a call source's checkpoint is kept: what the core asks before and after every batch of a
 * run. {@code disk.CheckpointStore} keeps it on disk.
 */
public interface Checkpoints {
  /** The last one saved; empty before the first run. */
  Optional<Checkpoint> load();

  /** Replaces the saved one. */
  void save(Checkpoint cp);

  /** How a line of output names where it is kept. */
  String name();

  /** The last second MariaDB's FROM_UNIXTIME converts (2038-01-19 03:14:07 UTC). */
  long LAST_CONVERTIBLE_EPOCH = Integer.MAX_VALUE;

  /** How far ahead of the database's clock a cursor may be: a telephony server's skew, no more. */
  long FUTURE_TOLERANCE_SECONDS = 300;

  /**
   * Stops on a cursor the run cannot use: the database cannot convert it (past 2038, or so early
   * that the overlap reaches before 1970), or it is in the future, where the calls between now and
   * it would be skipped in silence.
   *
   * @param reachBack the most the run reads before the cursor (overlap and slack), in seconds
   */
  default void validate(Checkpoint cp, long nowEpoch, long reachBack) {
    long[] epochs =
        cp.scan() == null
            ? new long[] {cp.cursorEpoch()}
            : new long[] {cp.cursorEpoch(), cp.scan().upperEpoch()};
    for (long e : epochs) {
      if (e > LAST_CONVERTIBLE_EPOCH || e - reachBack <= 0) {
        throw corrupt(
            "holds the position "
                + e
                + " ("
                + cp.cursorLocal()
                + "), outside what the"
                + " database can convert");
      }
      if (e > nowEpoch + FUTURE_TOLERANCE_SECONDS) {
        throw corrupt(
            "holds the position "
                + e
                + " ("
                + cp.cursorLocal()
                + "), "
                + (e - nowEpoch)
                + " s ahead of the database's clock ("
                + nowEpoch
                + "): calls in"
                + " between would be skipped. If the database's clock was set back, wait until it"
                + " passes that time");
      }
    }
  }

  /** Why the saved checkpoint cannot be used, and what the administrator does about it. */
  default VicisyncException corrupt(String why) {
    return VicisyncException.config(
        "checkpoint "
            + name()
            + " "
            + why
            + "; vicisync will not restart from scratch on its own:"
            + " restore the file, or move it aside to start --initial-lookback minutes back");
  }
}
