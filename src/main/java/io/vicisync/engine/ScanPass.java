package io.vicisync.engine;

import io.vicisync.source.CallRow;
import io.vicisync.source.ScanKey;
import io.vicisync.source.ScanPhase;
import io.vicisync.source.SourceScanner;
import io.vicisync.wire.EncodedCall;
import java.util.ArrayList;
import java.util.List;

/**
 * The keyset walk every command makes over a range of calls: read a slice, let the caller's step
 * decide on each row, send what it chose, and save how far every post before is settled. A run,
 * follow, backfill and reconcile walk this way; where VICIdial keeps the calls (the live table, its
 * archive) is the {@link SourceScanner}'s business.
 */
final class ScanPass {
  /** What the caller decides on each row read: calls to send go into {@code ready}. */
  interface Step {
    void take(List<CallRow> rows, List<EncodedCall> ready);
  }

  /** Saves the position up to which everything read is settled, in {@code phase}. */
  interface Save {
    void at(ScanPhase phase, ScanKey settledUpTo);
  }

  /**
   * How a pass ended.
   *
   * @param done the range was read to its end and everything in it settled
   * @param timedOut --max-run-time (or a stop signal) came first
   * @param position where a later pass resumes, in {@code phase}
   */
  record End(boolean done, boolean timedOut, ScanPhase phase, ScanKey position) {}

  private ScanPass() {}

  /**
   * Walks {@code scanner} from {@code start} (in {@code phase}) until it is read, the delivery
   * halts or the deadline passes. When the scanner moves to its next phase (a backfill's archive
   * read, the live table next) the posts of the first are settled before the position restarts.
   */
  static End walk(
      RunContext ctx,
      Delivery d,
      SourceScanner scanner,
      ScanPhase phase,
      ScanKey start,
      Step step,
      Save save) {
    SettlementTracker<ScanKey> tracker = new SettlementTracker<>(start);
    boolean timedOut = false;
    while (!scanner.done() && !d.halted()) {
      if (ctx.deadline().passed()) {
        timedOut = true;
        break;
      }
      if (scanner.phase() != phase) {
        d.awaitAll();
        if (d.halted()) {
          break;
        }
        phase = scanner.phase();
        tracker = new SettlementTracker<>(null);
      }
      List<EncodedCall> ready = new ArrayList<>();
      step.take(scanner.next(), ready);
      d.send(ready, tracker);
      if (!d.halted()) {
        tracker.reached(scanner.position());
      }
      if (!scanner.done()) {
        save.at(phase, tracker.position()); // the pass's end is saved by its caller, once
      }
    }
    d.awaitAll();
    return new End(
        scanner.done() && !d.halted(), timedOut || d.outOfTime(), phase, tracker.position());
  }

  /**
   * Walks the calls without a call_date (NULL, or a non-strict server's zero), which no range
   * reaches, by their index's NULL and pre-1971 end: at most {@code max} rows.
   */
  static void undated(RunContext ctx, Delivery d, int max, Step step) {
    String after = null;
    int batch = ctx.settings().batchSize();
    for (int read = 0; read < max && !d.halted(); ) {
      List<CallRow> rows = ctx.reader().readUndated(ctx.source().table(), after, batch);
      List<EncodedCall> ready = new ArrayList<>();
      step.take(rows, ready);
      d.send(ready, null);
      if (rows.size() < batch) {
        return;
      }
      read += rows.size();
      after = rows.get(rows.size() - 1).uniqueid();
    }
  }
}
