package io.vicisync.engine;

import io.vicisync.ExitCode;
import io.vicisync.VicisyncException;
import io.vicisync.config.SyncSettings;
import io.vicisync.source.ScanKey;
import io.vicisync.source.ScanPhase;
import io.vicisync.source.ScanRange;
import io.vicisync.source.SourceScanner;
import io.vicisync.state.BackfillProgress;
import io.vicisync.state.BackfillState;
import java.util.Optional;

/**
 * Sends the calls of a past {@code call_date} range that the receiver does not have as they are
 * now, from {@code vicidial_log_archive} where the archiver moved them, then {@code vicidial_log}
 * ({@link SourceScanner}). The walk is the run's (short keyset queries in adaptive slices) and
 * saves its settled position after every batch, so the same request resumes after a crash. The
 * run's cursor is not touched.
 */
public final class Backfill {
  /**
   * What to send.
   *
   * @param text the range as typed, e.g. {@code --minutes 120}: a re-run of the same text resumes
   * @param lowerLocal first call_date included
   * @param upperLocal last call_date included
   * @param resend post calls the receiver already has unchanged as well
   */
  public record Request(String text, String lowerLocal, String upperLocal, boolean resend) {}

  /** How a backfill ended; {@code finished} false means a re-run resumes it. */
  public record Result(
      ExitCode exit,
      String error,
      RunCounts counts,
      long read,
      long leftToRun,
      int retries,
      boolean finished,
      String range) {}

  private final RunContext ctx;
  private final SyncSettings s;
  private final BackfillProgress store;
  private final Progress meter;

  /** {@code store}: where progress is saved after every batch (a dry run saves nothing). */
  public Backfill(RunContext ctx, BackfillProgress store, Progress meter) {
    this.ctx = ctx;
    this.s = ctx.settings();
    this.store = store;
    this.meter = meter;
  }

  public Result run(Request req, Optional<BackfillState> saved) {
    RunClock clock = new RunClock(ctx.reader());
    Delivery d =
        Delivery.once(ctx, clock, req.resend() ? Delivery.Mode.RESEND : Delivery.Mode.FIRST);
    BackfillState st = resumeOrStart(req, saved);
    warnBeyondLedger(st, req);
    if (meter.on()) {
      meter.start(
          SourceScanner.count(ctx.reader(), ctx.source(), st.lowerLocal(), st.upperLocal()),
          st.done());
    }
    long[] read = {st.done()};
    long[] leftToRun = {0};
    boolean finished = false;
    try {
      ScanPhase phase = ScanPhase.saved(st.table());
      ScanKey start =
          st.afterCallDate() != null ? new ScanKey(st.afterCallDate(), st.afterUniqueid()) : null;
      SourceScanner scanner =
          SourceScanner.whole(
              ctx.reader(),
              ctx.source(),
              new ScanRange(st.lowerLocal(), st.upperLocal(), 0),
              phase,
              start,
              s.batchSize());
      ScanPass.End end =
          ScanPass.walk(
              ctx,
              d,
              scanner,
              phase,
              start,
              (rows, ready) -> {
                read[0] += rows.size();
                leftToRun[0] +=
                    rows.size()
                        - Planner.sendable(
                            Wrapup.asAgentsLeftThem(ctx, rows),
                            clock.now(),
                            s,
                            ctx.source(),
                            ready);
              },
              (p, at) -> {
                save(st, p, at, read[0]);
                meter.update(read[0]);
              });
      save(st, end.phase(), end.position(), read[0]);
      finished = end.done();
    } catch (VicisyncException e) {
      d.fail(e);
    }
    d.awaitAll();
    meter.finish();
    if (finished && !ctx.dryRun()) {
      store.clear();
    }
    return new Result(
        d.exit(),
        d.error(),
        d.counts(),
        read[0],
        leftToRun[0],
        ctx.sender().retries(),
        finished,
        st.lowerLocal() + " → " + st.upperLocal());
  }

  private BackfillState resumeOrStart(Request req, Optional<BackfillState> saved) {
    if (saved.isPresent() && saved.get().request().equals(req.text())) {
      BackfillState st = saved.get();
      ctx.events()
          .notice(
              "resuming the backfill "
                  + req.text()
                  + " ("
                  + st.lowerLocal()
                  + " → "
                  + st.upperLocal()
                  + ") after "
                  + (st.afterCallDate() == null ? "its table's start" : st.afterCallDate())
                  + ", "
                  + st.done()
                  + " calls read before");
      return st;
    }
    saved.ifPresent(
        o ->
            ctx.events()
                .warning(
                    "an unfinished backfill ("
                        + o.request()
                        + ") is"
                        + " replaced by this one; run it again later if you still need it"));
    return new BackfillState(req.text(), req.lowerLocal(), req.upperLocal(), 0, null, null, 0);
  }

  private void warnBeyondLedger(BackfillState st, Request req) {
    long memory = ctx.ledger().memoryStartsEpoch();
    if (req.resend() || ctx.reader().epochOf(st.lowerLocal()) >= memory) {
      return;
    }
    ctx.events()
        .warning(
            memory == Long.MAX_VALUE
                ? "the sent ledger is empty: every qualifying call in "
                    + st.lowerLocal()
                    + " → "
                    + st.upperLocal()
                    + " will be sent, including any an earlier tool delivered"
                : "the sent ledger holds deliveries since "
                    + ctx.reader().scanRange(memory, memory).lowerLocal()
                    + " (it keeps ledger_days = "
                    + s.ledgerDays()
                    + "): a call of this"
                    + " range delivered before then is not known, and is sent again");
  }

  /** The ledger is made durable first, so the progress never names a post it does not hold. */
  private void save(BackfillState st, ScanPhase phase, ScanKey at, long read) {
    if (ctx.dryRun()) {
      return;
    }
    ctx.ledger().sync();
    store.save(
        new BackfillState(
            st.request(),
            st.lowerLocal(),
            st.upperLocal(),
            phase.number(),
            at == null ? null : at.callDate(),
            at == null ? null : at.uniqueid(),
            read));
  }
}
