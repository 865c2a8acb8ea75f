package io.vicisync.engine;

import io.vicisync.source.CallRow;
import io.vicisync.source.ScanKey;
import io.vicisync.source.ScanRange;
import io.vicisync.state.Checkpoint;
import io.vicisync.state.Checkpoint.ScanProgress;

/** How a run's checkpoint moves: during a pass, after it, and with what it watches. */
final class Cursor {
  private Cursor() {}

  /** A pass over {@code range} in progress, settled up to {@code at} (null: nothing yet). */
  static ScanProgress progress(ScanRange range, ScanKey at) {
    return new ScanProgress(
        range.lowerLocal(),
        range.upperLocal(),
        range.upperEpoch(),
        at == null ? null : at.callDate(),
        at == null ? null : at.uniqueid());
  }

  /** {@code cp} with {@code scan} in progress, the calls watched now, and the newest delivery. */
  static Checkpoint during(Checkpoint cp, ScanProgress scan, WatchList watch, long newestEnd) {
    return new Checkpoint(
        Checkpoint.VERSION,
        cp.cursorEpoch(),
        cp.cursorLocal(),
        scan,
        watch.entries(),
        watch.aliases(),
        Math.max(cp.newestDeliveredEnd(), newestEnd),
        cp.full());
  }

  /**
   * The checkpoint after a whole pass over {@code range} ({@code full}: it re-read the whole
   * overlap, or null): the cursor moves to the newest call the pass read, never past it to the
   * database's "now". The dialers' clocks stamp call_date and the database's stamps "now": where
   * the database runs ahead (by more than the overlap, or until it is corrected), a cursor at its
   * "now" would sit ahead of every call written after it, and the next poll's re-read would start
   * too late to see them. An idle dialer keeps its cursor: cron's next run reads the 90 s behind it
   * again, a resident process (whose {@link SeenRows} knows that window was read) from the cursor
   * on, so that an idle poll reads the newest call's second, not a minute and a half of calls.
   */
  static Checkpoint passed(
      Checkpoint cp, ScanRange range, CallRow newest, Checkpoint.FullReread full) {
    long epoch = range.upperEpoch();
    String local = range.upperLocal();
    if (newest == null) {
      epoch = cp.cursorEpoch();
      local = cp.cursorLocal();
    } else if (newest.startEpoch() != null
        && newest.startEpoch() > 0
        && newest.startEpoch() < epoch) {
      boolean later = newest.startEpoch() > cp.cursorEpoch();
      epoch = later ? newest.startEpoch() : cp.cursorEpoch();
      local = later ? newest.callDate() : cp.cursorLocal();
    }
    return new Checkpoint(
        Checkpoint.VERSION,
        epoch,
        local,
        null,
        cp.watch(),
        cp.aliases(),
        cp.newestDeliveredEnd(),
        full != null ? full : cp.full());
  }
}
