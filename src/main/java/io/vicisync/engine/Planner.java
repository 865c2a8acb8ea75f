package io.vicisync.engine;

import io.vicisync.config.SyncSettings;
import io.vicisync.source.CallRow;
import io.vicisync.source.CallSource;
import io.vicisync.wire.EncodedCall;
import java.util.List;

/** Decides, for one row at one moment, whether it is ready to send. No I/O. */
public final class Planner {
  private Planner() {}

  public enum Verdict {
    /** ended, settled and final (or held past --hold-max): send unless already sent as is */
    SEND,
    /** no end_epoch yet */
    NOT_ENDED,
    /** ended less than --settle seconds ago */
    SETTLING,
    /** ended with an in-between status (INCALL, DISPO…) less than --hold-max seconds ago */
    HELD
  }

  /**
   * An end_epoch this far ahead of the database's clock was stamped by a telephony server whose
   * clock runs ahead (or is a broken value, 4294967295): the call has ended, and waiting for that
   * date would hide it for hours or forever.
   */
  public static final long FUTURE_SECONDS = 300;

  public static Verdict classify(CallRow row, long nowEpoch, SyncSettings s) {
    if (!row.ended()) {
      return Verdict.NOT_ENDED;
    }
    long age = nowEpoch - row.endEpoch();
    if (age < -FUTURE_SECONDS) {
      return Verdict.SEND; // as VICIdial holds it: its wrap-up cannot be timed by that clock
    }
    if (age < s.settle().toSeconds()) {
      return Verdict.SETTLING;
    }
    if (!isFinal(row, s) && age < s.holdMax().toSeconds()) {
      return Verdict.HELD;
    }
    return Verdict.SEND;
  }

  /**
   * Adds to {@code ready} the calls of {@code rows} that may be sent as they are now, under the
   * uniqueid the receiver knows them by; returns how many it added. For the commands that read a
   * range once and watch nothing (backfill, the calls without a call_date).
   */
  public static int sendable(
      List<CallRow> rows,
      long nowEpoch,
      SyncSettings s,
      CallSource source,
      List<EncodedCall> ready) {
    int added = 0;
    for (CallRow row : rows) {
      if (classify(row, nowEpoch, s) == Verdict.SEND) {
        ready.add(EncodedCall.of(row, row.postUniqueid(), source));
        added++;
      }
    }
    return added;
  }

  /** False while VICIdial may still write the call's disposition. */
  public static boolean isFinal(CallRow row, SyncSettings s) {
    return row.status() == null || !s.holdStatuses().contains(row.status());
  }
}
