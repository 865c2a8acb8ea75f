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

  public static Verdict classify(CallRow row, long nowEpoch, SyncSettings s) {
    if (!row.ended()) {
      return Verdict.NOT_ENDED;
    }
    long age = nowEpoch - row.endEpoch();
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
