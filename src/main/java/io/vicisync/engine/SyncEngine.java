package io.vicisync.engine;

import io.vicisync.VicisyncException;
import io.vicisync.config.SyncSettings;
import io.vicisync.source.CallRow;
import io.vicisync.source.ScanKey;
import io.vicisync.source.ScanRange;
import io.vicisync.source.SourceScanner;
import io.vicisync.state.Checkpoint;
import io.vicisync.state.Checkpoint.ScanProgress;
import io.vicisync.state.Checkpoints;
import io.vicisync.state.PerlPosition;
import io.vicisync.state.WatchEntry.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One run: look up the watched calls, then scan from the cursor (less the overlap) to the
 * database's now, in batches, until caught up or out of time. The checkpoint is saved after every
 * batch and only ever moves over calls that are settled.
 */
public final class SyncEngine {
  /** Beyond the overlap and the watch: a DST hour and clock skew between telephony servers. */
  private static final long HORIZON_SLACK = 2 * 3600;

  /** At most this many calls without a call_date are read a run: each run reads them again. */
  private static final int UNDATED_MAX = 10_000;

  private final RunContext ctx;
  private final Checkpoints checkpoints;
  private final PerlPosition perl;
  private final SyncSettings s;
  private RunClock clock;
  private Delivery d;
  private WatchList watch;
  private WatchedCalls watched;
  private Checkpoint cp;
  private boolean timedOut;
  private Reread reread = Reread.WHOLE;
  private boolean watchedOnly;
  private SeenRows seen;

  /** {@code perl}: where the Perl script vicisync replaces had got, for a first run. */
  public SyncEngine(RunContext ctx, Checkpoints checkpoints, PerlPosition perl) {
    this.ctx = ctx;
    this.checkpoints = checkpoints;
    this.perl = perl;
    this.s = ctx.settings();
  }

  /** How far behind the cursor this run reads again (by default, the whole overlap). */
  public SyncEngine reread(Reread r) {
    reread = r;
    return this;
  }

  /**
   * Only looks up the calls it watches, by primary key, and reads nothing new: a resident process
   * wakes this way the moment a call it saw settling may be sent, between its polls.
   */
  public SyncEngine watchedOnly() {
    watchedOnly = true;
    return this;
  }

  /**
   * Skips the final rows {@code rows} remembers settled exactly as they are now, and remembers the
   * rows this run settles: for a resident process, which re-reads the same overlap every minute.
   */
  public SyncEngine seen(SeenRows rows) {
    seen = rows;
    return this;
  }

  /** Where the run left the checkpoint (as saved, unless saving failed). */
  public Checkpoint checkpoint() {
    return cp;
  }

  private long now() {
    return clock.now();
  }

  public RunResult run(Optional<Checkpoint> saved) {
    clock = new RunClock(ctx.reader());
    saved.ifPresent(c -> checkpoints.validate(c, now(), s.overlap().toSeconds() + HORIZON_SLACK));
    cp = saved.orElseGet(() -> StartPoint.fresh(ctx, perl, checkpoints.name(), now()));
    watch = new WatchList(cp.watch(), cp.aliases(), now());
    long horizon =
        s.overlap().toSeconds() + s.holdMax().toSeconds() + s.watch().toSeconds() + HORIZON_SLACK;
    ctx.ledger()
        .preload(
            Math.min(cp.rereadBaseEpoch() - s.overlap().toSeconds(), now() - horizon)
                - HORIZON_SLACK,
            now() + HORIZON_SLACK);
    if (seen != null) {
      seen.prune(cp.rereadBaseEpoch() - s.overlap().toSeconds());
    }
    d = new Delivery(ctx, this::now, Delivery.Mode.FIRST, watch, seen);
    watched = new WatchedCalls(ctx, watch, seen, d, this::now);
    String cursorBefore = cp.cursorLocal();
    boolean caughtUp = false;
    try {
      watched.lookUp(watchedOnly);
      if (watchedOnly) {
        caughtUp = !d.halted(); // as of the poll that scanned, seconds ago
      } else if (!d.halted()) {
        caughtUp = scan(saved.isEmpty());
        if (!d.halted() && !ctx.deadline().passed()) {
          ScanPass.undated(
              ctx,
              d,
              UNDATED_MAX,
              (rows, ready) ->
                  Planner.sendable(
                      Wrapup.asAgentsLeftThem(ctx, rows), now(), s, ctx.source(), ready));
        }
      }
    } catch (VicisyncException e) {
      d.fail(e);
    }
    d.awaitAll();
    watched.sayGaveUp();
    if (!ctx.dryRun()) {
      try {
        save(cp.scan());
      } catch (VicisyncException e) {
        d.fail(e); // said once: a full disk fails the ledger first, then this
      }
    }
    long newest = Math.max(cp.newestDeliveredEnd(), d.newestDeliveredEnd());
    boolean finished = caughtUp && !timedOut;
    long first = watched.firstSettled();
    return new RunResult(
        d.exit(),
        d.error(),
        d.counts(),
        watch.count(Reason.HELD),
        watch.size(),
        ctx.sender().retries(),
        cursorBefore,
        cp.cursorLocal(),
        // the oldest finished call not delivered yet: none when the run caught up
        finished && !d.stopped() ? 0 : newest == 0 ? -1 : Math.max(0, now() - newest),
        newest,
        finished,
        first == Long.MAX_VALUE ? -1 : Math.max(0, first - now()));
  }

  /** Polls until one finds less than a batch to send (caught up) or time is up. */
  private boolean scan(boolean fresh) {
    for (boolean first = true; ; first = false) {
      Checkpoint.FullReread full = null; // set when this pass re-reads the whole overlap
      ScanRange range;
      ScanKey start = null;
      ScanProgress p = cp.scan();
      if (p != null) {
        range = new ScanRange(p.lowerLocal(), p.upperLocal(), p.upperEpoch());
        start =
            p.afterCallDate() == null ? null : new ScanKey(p.afterCallDate(), p.afterUniqueid());
      } else {
        clock.refresh();
        long overlap = s.overlap().toSeconds();
        long from = cp.cursorEpoch() - Math.min(reread.shortSeconds(), overlap);
        if (fresh && first) {
          from = cp.cursorEpoch();
        } else if (first
            && (cp.full() == null
                || now() - cp.full().atEpoch() >= reread.fullEverySeconds()
                || now() < cp.full().atEpoch())) { // a clock set back: no trust in "recent"
          from = cp.rereadBaseEpoch() - overlap;
          full = new Checkpoint.FullReread(cp.cursorEpoch(), cp.cursorLocal(), now());
        } else if (seen != null && seen.windowRead(cp.cursorEpoch())) {
          from = cp.cursorEpoch(); // an idle dialer: its last calls were read a poll ago
        }
        range = ctx.reader().scanRange(from, now());
      }
      int sentBefore = d.dispatched();
      List<CallRow> newest = new ArrayList<>(1); // read in call_date order: the last is the newest
      SourceScanner scanner =
          SourceScanner.of(ctx.reader(), ctx.source(), range, start, s.batchSize());
      ScanPass.End end =
          ScanPass.walk(
              ctx,
              d,
              scanner,
              scanner.phase(),
              start,
              (rows, ready) -> {
                Wrapup.asAgentsLeftThem(ctx, rows).forEach(r -> watched.decide(r, ready));
                if (!rows.isEmpty()) {
                  newest.clear();
                  newest.add(rows.get(rows.size() - 1));
                }
              },
              (phase, at) -> {
                // a pass that posted nothing yet is re-read from its start after a crash, at no
                // cost to anyone: its progress is not worth a write (an idle minute's pass)
                if (d.dispatched() != sentBefore) {
                  save(Cursor.progress(range, at));
                }
              });
      timedOut |= end.timedOut();
      if (!end.done()) {
        cp = withScan(Cursor.progress(range, end.position()));
        if (timedOut && !d.stopped() && !ctx.deadline().cutShort()) {
          ctx.events()
              .warning(
                  "stopped at --max-run-time "
                      + s.maxRunTime().toSeconds()
                      + " s with calls still to read; the next run continues from "
                      + cp.settledUpTo());
        }
        return false;
      }
      cp = Cursor.passed(cp, range, newest.isEmpty() ? null : newest.get(0), full);
      if (seen != null) {
        seen.windowReadBehind(cp.cursorEpoch());
      }
      save(null);
      if (ctx.dryRun() || d.dispatched() - sentBefore < s.batchSize()) {
        return true;
      }
    }
  }

  private Checkpoint withScan(ScanProgress scan) {
    return Cursor.during(cp, scan, watch, d.newestDeliveredEnd());
  }

  /** The ledger is made durable first, so the checkpoint never names a post it does not hold. */
  private void save(ScanProgress scan) {
    cp = withScan(scan);
    if (!ctx.dryRun()) {
      ctx.ledger().sync();
      checkpoints.save(cp);
    }
  }
}
