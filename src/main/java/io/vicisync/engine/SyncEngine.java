package io.vicisync.engine;

import io.vicisync.ExitCode;
import io.vicisync.Text;
import io.vicisync.VicisyncException;
import io.vicisync.config.SyncSettings;
import io.vicisync.engine.Planner.Verdict;
import io.vicisync.source.CallRow;
import io.vicisync.source.CallSource;
import io.vicisync.source.ScanKey;
import io.vicisync.source.ScanRange;
import io.vicisync.source.SourceScanner;
import io.vicisync.state.Checkpoint;
import io.vicisync.state.Checkpoint.ScanProgress;
import io.vicisync.state.CheckpointStore;
import io.vicisync.state.LegacyCheckpoint;
import io.vicisync.state.WatchEntry;
import io.vicisync.state.WatchEntry.Reason;
import io.vicisync.wire.EncodedCall;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run: look up the watched calls, then scan from the cursor (less the overlap) to the
 * database's now, in batches, until caught up or out of time. The checkpoint is saved after every
 * batch and only ever moves over calls that are settled.
 */
public final class SyncEngine {
  private static final int LOOKUP_CHUNK = 500;

  /** Beyond the overlap and the watch: a DST hour and clock skew between telephony servers. */
  private static final long HORIZON_SLACK = 2 * 3600;

  private final RunContext ctx;
  private final CheckpointStore checkpoints;
  private final SyncSettings s;
  private final Dispatcher dispatcher;
  private RunClock clock;
  private WatchList watch;
  private Checkpoint cp;
  private boolean timedOut;
  private long overlapSeconds;
  private long firstSettled = Long.MAX_VALUE;
  private boolean watchedOnly;
  private SeenRows seen;

  public SyncEngine(RunContext ctx, CheckpointStore checkpoints) {
    this.ctx = ctx;
    this.checkpoints = checkpoints;
    this.s = ctx.settings();
    this.dispatcher = new Dispatcher(ctx, this::now, false);
    this.overlapSeconds = s.overlap().toSeconds();
  }

  /**
   * Looks only {@code seconds} (at most the configured overlap) behind the cursor this run: a
   * resident process polling every few seconds re-reads the whole overlap once a minute, as cron
   * does, and only its most recent part in between.
   */
  public SyncEngine overlap(long seconds) {
    overlapSeconds = Math.min(seconds, s.overlap().toSeconds());
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
    cp = saved.orElseGet(this::fresh);
    watch = new WatchList(cp.watch(), cp.aliases(), now());
    long horizon =
        s.overlap().toSeconds() + s.holdMax().toSeconds() + s.watch().toSeconds() + HORIZON_SLACK;
    ctx.ledger()
        .preload(
            Math.min(cp.cursorEpoch() - s.overlap().toSeconds(), now() - horizon) - HORIZON_SLACK,
            now() + HORIZON_SLACK);
    dispatcher.useWatchList(watch);
    if (seen != null) {
      seen.prune(cp.cursorEpoch() - s.overlap().toSeconds());
      dispatcher.useSeen(seen);
    }
    String cursorBefore = cp.cursorLocal();
    boolean caughtUp = false;
    try {
      lookUpWatched();
      if (watchedOnly) {
        caughtUp = !dispatcher.halted(); // as of the poll that scanned, seconds ago
      } else if (!dispatcher.halted()) {
        caughtUp = scan(saved.isEmpty());
        if (!dispatcher.halted() && !ctx.deadline().passed()) {
          sendUndated();
        }
      }
    } catch (VicisyncException e) {
      dispatcher.fail(e);
    }
    dispatcher.awaitAll();
    sayGaveUp();
    if (!ctx.dryRun()) {
      try {
        save(cp.scan());
      } catch (VicisyncException e) {
        dispatcher.fail(e); // said once: a full disk fails the ledger first, then this
      }
    }
    ExitCode exit = dispatcher.exit();
    long newest = Math.max(cp.newestDeliveredEnd(), dispatcher.newestDeliveredEnd());
    return new RunResult(
        exit,
        dispatcher.failure().map(Throwable::getMessage).orElse(null),
        dispatcher.counts(),
        watch.count(Reason.HELD),
        watch.size(),
        ctx.sender().retries(),
        cursorBefore,
        cp.cursorLocal(),
        lag(caughtUp && !timedOut && !dispatcher.stopped(), newest),
        newest,
        caughtUp && !timedOut,
        firstSettled == Long.MAX_VALUE ? -1 : Math.max(0, firstSettled - now()));
  }

  /**
   * The lag as status, check and the metrics define it: how long the oldest finished call not
   * delivered yet has waited, so 0 when the run caught up (nothing settled and final waits), and
   * otherwise at most now minus the newest delivered call's end; -1 before any delivery.
   */
  private long lag(boolean caughtUp, long newest) {
    if (caughtUp) {
      return 0;
    }
    return newest == 0 ? -1 : Math.max(0, now() - newest);
  }

  private Checkpoint fresh() {
    // process-call-results.pl only ever read vicidial_log; and only a true first run takes it
    // over: with a ledger, vicisync has run here before (its checkpoint was moved aside)
    Path legacy =
        ctx.source().hadLegacyScript() && ctx.ledger().memoryStartsEpoch() == Long.MAX_VALUE
            ? s.legacyCheckpoint()
            : null;
    Optional<LegacyCheckpoint.Position> taken =
        legacy == null ? Optional.empty() : LegacyCheckpoint.read(legacy);
    long start;
    if (taken.isPresent()) {
      LegacyCheckpoint.Position p = taken.get();
      long at = p.epoch() != null ? p.epoch() : ctx.reader().epochOf(p.text());
      LegacyCheckpoint.checkAge(legacy, p.text(), at, now(), s.ledgerDays());
      start = at - s.overlap().toSeconds();
    } else {
      start = now() - s.initialLookback().toSeconds();
    }
    String local = ctx.reader().scanRange(start, start).lowerLocal();
    if (taken.isPresent()) {
      LegacyCheckpoint.Position p = taken.get();
      ctx.events()
          .notice(
              "no checkpoint in "
                  + checkpoints.file()
                  + ": taking over from "
                  + p.script()
                  + ", whose checkpoint "
                  + legacy
                  + " says "
                  + (p.epoch() == null
                      ? p.text()
                      : "uniqueid "
                          + p.text()
                          + " (a call that started at "
                          + ctx.reader().scanRange(p.epoch(), p.epoch()).lowerLocal()
                          + ")")
                  + "; starting "
                  + s.overlap().toSeconds()
                  + " s before that, at "
                  + local
                  + ", because"
                  + " that script skipped calls at its boundary");
    } else {
      ctx.events()
          .notice(
              "no checkpoint in "
                  + checkpoints.file()
                  + ": starting "
                  + s.initialLookback().toMinutes()
                  + " minutes back, at "
                  + local
                  + " (--initial-lookback)");
    }
    return new Checkpoint(Checkpoint.VERSION, start, local, null, List.of(), List.of(), 0);
  }

  /** Calls seen before but not finished with: by primary key, never by rescanning the table. */
  private void lookUpWatched() {
    List<WatchEntry> entries =
        watchedOnly
            ? watch.entries().stream().filter(e -> e.reason() == Reason.SETTLING).toList()
            : watch.entries();
    for (int i = 0; i < entries.size() && !dispatcher.halted(); i += LOOKUP_CHUNK) {
      List<WatchEntry> chunk = entries.subList(i, Math.min(entries.size(), i + LOOKUP_CHUNK));
      Map<String, CallRow> found = findWatched(chunk);
      List<EncodedCall> ready = new ArrayList<>();
      for (WatchEntry e : chunk) {
        CallRow row = found.get(e.uniqueid());
        if (row == null && ctx.source() == CallSource.OUTBOUND) {
          row = findRewritten(e);
        }
        if (row == null) {
          if (e.until() < now()) {
            watch.forget(e.uniqueid());
            gaveUp(
                e.uniqueid(),
                "gone from "
                    + ctx.source().table()
                    + " and its archive (deleted) before it was sent ("
                    + e.reason()
                    + ")");
          }
          continue;
        }
        handle(row, ready);
      }
      dispatcher.sendAll(ready, null);
    }
    dispatcher.awaitAll();
  }

  /**
   * The watched calls by primary key: in the live table, and those gone from it in the archive,
   * where VICIdial's archiver (its --wipe-all-being-archived empties the live table) may have moved
   * them before they settled.
   */
  private Map<String, CallRow> findWatched(List<WatchEntry> chunk) {
    Map<String, CallRow> found =
        ctx.reader()
            .findByUniqueid(
                ctx.source().table(), chunk.stream().map(WatchEntry::uniqueid).toList());
    List<String> gone =
        chunk.stream().map(WatchEntry::uniqueid).filter(id -> !found.containsKey(id)).toList();
    if (!gone.isEmpty() && ctx.reader().exists(ctx.source().archive())) {
      found.putAll(ctx.reader().findByUniqueid(ctx.source().archive(), gone));
    }
    return found;
  }

  /** At most this many calls without a call_date are read a run: each run reads them again. */
  private static final int UNDATED_MAX = 10_000;

  /**
   * Ended calls with a NULL or zero call_date (a non-strict server's answer to a bad value): no
   * poll's call_date range reaches them, so each run asks for them by their index's NULL and
   * pre-1971 end, and sends those the ledger does not hold.
   */
  private void sendUndated() {
    String after = null;
    for (int read = 0; read < UNDATED_MAX && !dispatcher.halted(); ) {
      List<CallRow> rows = ctx.reader().readUndated(ctx.source().table(), after, s.batchSize());
      if (rows.isEmpty()) {
        return;
      }
      List<EncodedCall> ready = new ArrayList<>();
      for (CallRow row : rows) {
        if (Planner.classify(row, now(), s) == Verdict.SEND) {
          ready.add(EncodedCall.of(row, row.postUniqueid(), ctx.source()));
        }
      }
      dispatcher.sendAll(ready, null);
      read += rows.size();
      after = rows.get(rows.size() - 1).uniqueid();
      if (rows.size() < s.batchSize()) {
        return;
      }
    }
  }

  /** VICIdial's manual-dial hang-up gives the call a new uniqueid with the same prefix. */
  private CallRow findRewritten(WatchEntry e) {
    String prefix =
        e.uniqueid().contains(".")
            ? e.uniqueid().substring(0, e.uniqueid().indexOf('.'))
            : e.uniqueid();
    for (CallRow r : ctx.reader().findByLead(e.leadId(), e.callDate())) {
      if (r.uniqueidPrefix().equals(prefix) && !r.uniqueid().equals(e.uniqueid())) {
        watch.forget(e.uniqueid());
        String postedAs = e.postedAs() != null ? e.postedAs() : r.uniqueid();
        if (e.postedAs() != null) {
          watch.alias(r.uniqueid(), e.postedAs(), now() + s.watch().toSeconds());
        }
        ctx.events()
            .notice(
                "call "
                    + Text.safe(e.uniqueid())
                    + " is now "
                    + Text.safe(r.uniqueid())
                    + " (VICIdial rewrote its uniqueid at hang-up); it is sent as "
                    + Text.safe(postedAs));
        return r;
      }
    }
    return null;
  }

  /** Polls until one finds less than a batch to send (caught up) or time is up. */
  private boolean scan(boolean fromFresh) {
    boolean fresh = fromFresh;
    while (true) {
      ScanRange range;
      ScanKey start;
      if (cp.scan() != null) {
        ScanProgress p = cp.scan();
        range = new ScanRange(p.lowerLocal(), p.upperLocal(), p.upperEpoch());
        start =
            p.afterCallDate() == null ? null : new ScanKey(p.afterCallDate(), p.afterUniqueid());
      } else {
        clock.refresh();
        long from = fresh ? cp.cursorEpoch() : cp.cursorEpoch() - overlapSeconds;
        range = ctx.reader().scanRange(from, now());
        start = null;
      }
      fresh = false;
      int sentBefore = dispatcher.dispatched();
      CallRow newest = null; // the pass reads in call_date order: its last row is the newest
      SettlementTracker<ScanKey> tracker = new SettlementTracker<>(start);
      SourceScanner scanner =
          SourceScanner.of(ctx.reader(), ctx.source(), range, start, s.batchSize());
      while (!scanner.done() && !dispatcher.halted()) {
        if (ctx.deadline().passed()) {
          timedOut = true;
          break;
        }
        List<EncodedCall> ready = new ArrayList<>();
        for (CallRow row : scanner.next()) {
          handle(row, ready);
          newest = row;
        }
        dispatcher.sendAll(ready, tracker);
        if (!dispatcher.halted()) {
          tracker.reached(scanner.position());
        }
        save(progress(range, tracker.position()));
      }
      dispatcher.awaitAll();
      timedOut |= dispatcher.outOfTime();
      if (dispatcher.halted() || !scanner.done()) {
        cp = withScan(progress(range, tracker.position()));
        if (timedOut && !dispatcher.stopped() && !ctx.deadline().cutShort()) {
          ctx.events()
              .warning(
                  "stopped at --max-run-time "
                      + s.maxRunTime().toSeconds()
                      + " s with"
                      + " calls still to read; the next run continues from "
                      + (cp.scan().afterCallDate() == null
                          ? cp.scan().lowerLocal()
                          : cp.scan().afterCallDate()));
        }
        return false;
      }
      cp = passed(range, newest);
      save(null);
      if (ctx.dryRun() || dispatcher.dispatched() - sentBefore < s.batchSize()) {
        return true;
      }
    }
  }

  /**
   * The checkpoint after a whole pass over {@code range}: the cursor moves to the newest call the
   * pass read, never past it to the database's "now". The dialers' clocks stamp call_date and the
   * database's stamps "now": where the database runs ahead (by more than the overlap, or until it
   * is corrected), a cursor at its "now" would sit ahead of every call written after it, and the
   * next poll's re-read would start too late to see them. An idle dialer keeps its cursor; the next
   * poll's range is then empty up to the new calls, and as cheap.
   */
  private Checkpoint passed(ScanRange range, CallRow newest) {
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
        Checkpoint.VERSION, epoch, local, null, cp.watch(), cp.aliases(), cp.newestDeliveredEnd());
  }

  /** Decides on {@code row}: watched for later, or added to {@code ready} to be sent. */
  private void handle(CallRow row, List<EncodedCall> ready) {
    long now = now();
    String postedAs =
        row.callUniqueid() != null ? row.callUniqueid() : watch.postedAs(row.uniqueid());
    Verdict v = Planner.classify(row, now, s);
    switch (v) {
      case NOT_ENDED -> {
        if (!watch.has(row.uniqueid())
            && row.startEpoch() != null
            && row.startEpoch() > 0
            && row.startEpoch() < now - s.watch().toSeconds()) {
          // given up on already, and read again because the cursor stays at the newest call
          // while the dialer is idle: not watched, warned or counted again
          return;
        }
        if (!watch.watch(entry(row, Reason.NOT_ENDED, now + s.watch().toSeconds(), null), now)) {
          gaveUp(
              row.uniqueid(),
              "no end_epoch " + s.watch().toHours() + " hours after it was first seen; not sent");
        }
      }
      case SETTLING, HELD -> {
        if (v == Verdict.SETTLING) {
          firstSettled = Math.min(firstSettled, row.endEpoch() + s.settle().toSeconds());
        }
        watch.watch(
            entry(
                row,
                v == Verdict.HELD ? Reason.HELD : Reason.SETTLING,
                row.endEpoch() + s.holdMax().toSeconds() + s.watch().toSeconds(),
                null),
            now);
      }
      case SEND -> {
        if (seen != null && seen.unchanged(row, postedAs)) {
          dispatcher.counts().unchanged.incrementAndGet();
          watch.forget(row.uniqueid());
        } else {
          ready.add(EncodedCall.of(row, postedAs, ctx.source()));
        }
      }
    }
  }

  /** How many calls given up on a run names, in the log and in its one warning. */
  private static final int GAVE_UP_NAMED = 10;

  private final List<String> gaveUpNamed = new ArrayList<>();

  /**
   * A watched call given up on: a line in the log for the first few, and one warning for the run
   * (cron mails it): a dialer that crashed can leave thousands of calls that never end.
   */
  private void gaveUp(String uniqueid, String why) {
    if (dispatcher.counts().abandoned.incrementAndGet() <= GAVE_UP_NAMED) {
      gaveUpNamed.add(Text.safe(uniqueid));
      ctx.events().notice("stopped watching " + Text.safe(uniqueid) + ": " + why);
    }
  }

  private void sayGaveUp() {
    int n = dispatcher.counts().abandoned();
    if (n > 0) {
      ctx.events()
          .warning(
              "stopped watching "
                  + n
                  + (n == 1 ? " call" : " calls")
                  + " that never ended or left "
                  + ctx.source().table()
                  + " unsent ("
                  + String.join(", ", gaveUpNamed)
                  + (n > gaveUpNamed.size() ? ", …" : "")
                  + "); the log says why; they were not sent");
    }
  }

  static WatchEntry entry(CallRow row, Reason reason, long until, String postedAs) {
    return new WatchEntry(row.uniqueid(), row.leadId(), row.callDate(), reason, until, postedAs);
  }

  private ScanProgress progress(ScanRange range, ScanKey at) {
    return new ScanProgress(
        range.lowerLocal(),
        range.upperLocal(),
        range.upperEpoch(),
        at == null ? null : at.callDate(),
        at == null ? null : at.uniqueid());
  }

  private Checkpoint withScan(ScanProgress scan) {
    return new Checkpoint(
        Checkpoint.VERSION,
        cp.cursorEpoch(),
        cp.cursorLocal(),
        scan,
        new ArrayList<>(watch.entries()),
        watch.aliases(),
        Math.max(cp.newestDeliveredEnd(), dispatcher.newestDeliveredEnd()));
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
