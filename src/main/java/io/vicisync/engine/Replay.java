package io.vicisync.engine;

import io.vicisync.ExitCode;
import io.vicisync.VicisyncException;
import io.vicisync.source.CallRow;
import io.vicisync.source.SourceScanner;
import io.vicisync.wire.EncodedCall;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Posts dead letters again: each call as VICIdial has it now (an admin may have fixed the row),
 * enriched, fingerprinted, keyed and settled exactly like a first post; the body that was refused
 * when the row is gone. A call a later run delivered as it is now is not posted again; one refused
 * again is a dead letter again.
 */
public final class Replay {
  /**
   * One refused call.
   *
   * @param key what the ledger knows it by
   * @param uniqueid what it was posted as
   * @param kept the body the receiver refused
   */
  public record Letter(String key, String uniqueid, byte[] kept) {}

  /**
   * How the replay went.
   *
   * @param delivered the keys the receiver now has, by this replay or an earlier run
   * @param fromKept the keys posted with their kept body, their row being gone
   */
  public record Result(
      ExitCode exit, String error, RunCounts counts, Set<String> delivered, Set<String> fromKept) {}

  private Replay() {}

  public static Result run(RunContext ctx, List<Letter> letters) {
    RunClock clock = new RunClock(ctx.reader());
    Delivery d = Delivery.once(ctx, clock, Delivery.Mode.REPLAY);
    List<EncodedCall> calls = new ArrayList<>();
    Set<String> fromKept = new HashSet<>();
    try {
      Map<String, CallRow> rows =
          SourceScanner.find(
              ctx.reader(), ctx.source(), letters.stream().map(Letter::key).distinct().toList());
      for (Letter l : letters) {
        CallRow row = rows.get(l.key());
        if (row == null) {
          fromKept.add(l.key());
        }
        calls.add(
            row != null
                ? EncodedCall.of(row, l.uniqueid(), ctx.source())
                : EncodedCall.kept(l.key(), l.uniqueid(), ctx.source(), l.kept()));
      }
      int batch = ctx.settings().batchSize();
      for (int i = 0; i < calls.size() && !d.halted(); i += batch) {
        d.send(calls.subList(i, Math.min(calls.size(), i + batch)), null);
      }
    } catch (VicisyncException e) {
      d.fail(e);
    }
    d.awaitAll();
    ctx.ledger().sync();
    Set<String> delivered = new HashSet<>();
    for (EncodedCall c : calls) {
      long end = c.row().endEpoch() == null ? 0 : c.row().endEpoch();
      if (PhoneNumbers.delivered(ctx.ledger().lookup(c.ledgerKey(), end)) != null) {
        delivered.add(c.ledgerKey());
      }
    }
    return new Result(d.exit(), d.error(), d.counts(), delivered, fromKept);
  }
}
