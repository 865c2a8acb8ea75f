package io.vicisync.engine;

import io.vicisync.config.SyncSettings;
import io.vicisync.state.Checkpoint;
import io.vicisync.state.PerlPosition;
import java.util.List;
import java.util.Optional;

/**
 * Where a first run starts, when there is no checkpoint: where the Perl script vicisync replaces
 * had got (less the overlap, since that script skipped calls at its boundary), if it ran here and
 * vicisync never did; otherwise --initial-lookback before now.
 */
final class StartPoint {
  private StartPoint() {}

  /** {@code where}: how the missing checkpoint is named in the line that says where it starts. */
  static Checkpoint fresh(RunContext ctx, PerlPosition perl, String where, long now) {
    SyncSettings s = ctx.settings();
    // with a ledger, vicisync has run here before (its checkpoint was moved aside): not a take-over
    Optional<PerlPosition.Position> taken =
        ctx.ledger().memoryStartsEpoch() == Long.MAX_VALUE ? perl.read() : Optional.empty();
    long start;
    if (taken.isPresent()) {
      PerlPosition.Position p = taken.get();
      long at = p.epoch() != null ? p.epoch() : ctx.reader().epochOf(p.text());
      perl.checkAge(p, at, now, s.ledgerDays());
      start = at - s.overlap().toSeconds();
    } else {
      start = now - s.initialLookback().toSeconds();
    }
    String local = local(ctx, start);
    ctx.events()
        .notice(
            "no checkpoint in "
                + where
                + ": "
                + taken
                    .map(
                        p ->
                            "taking over from "
                                + p.script()
                                + ", whose checkpoint "
                                + p.where()
                                + " says "
                                + (p.epoch() == null
                                    ? p.text()
                                    : "uniqueid "
                                        + p.text()
                                        + " (a call that started at "
                                        + local(ctx, p.epoch())
                                        + ")")
                                + "; starting "
                                + s.overlap().toSeconds()
                                + " s before that, at "
                                + local
                                + ", because that script skipped calls at its boundary")
                    .orElse(
                        "starting "
                            + s.initialLookback().toMinutes()
                            + " minutes back, at "
                            + local
                            + " (--initial-lookback)"));
    // nothing before the start is wanted: as if the whole overlap had been read from there
    return new Checkpoint(
        Checkpoint.VERSION,
        start,
        local,
        null,
        List.of(),
        List.of(),
        0,
        new Checkpoint.FullReread(start, local, now));
  }

  /** The dialers' local time of {@code epoch}, as the database converts it. */
  private static String local(RunContext ctx, long epoch) {
    return ctx.reader().scanRange(epoch, epoch).lowerLocal();
  }
}
