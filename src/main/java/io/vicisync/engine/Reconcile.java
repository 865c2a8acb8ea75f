package io.vicisync.engine;

import io.vicisync.ExitCode;
import io.vicisync.VicisyncException;
import io.vicisync.config.SyncSettings;
import io.vicisync.engine.Planner.Verdict;
import io.vicisync.source.CallDates;
import io.vicisync.source.CallRow;
import io.vicisync.source.ScanPhase;
import io.vicisync.source.ScanRange;
import io.vicisync.source.SourceScanner;
import io.vicisync.state.Checkpoint;
import io.vicisync.state.SentLedger;
import io.vicisync.state.WatchEntry;
import io.vicisync.wire.EncodedCall;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Compares, hour by hour of {@code call_date}, the calls VICIdial has with what the sent ledger
 * says the receiver got: delivered as they are now, dead-lettered, held for a disposition, not
 * reached by the run yet, missing, or stale (changed after they were sent). With resend, missing
 * and stale calls are delivered on the way.
 */
// the report's columns are the Kind enum in order: its ordinal is the column, by design
@SuppressWarnings("EnumOrdinal")
public final class Reconcile {
  /** Counts of one hour; the order is the report's columns. */
  public enum Kind {
    CALLS,
    DELIVERED,
    DEAD,
    HELD,
    PENDING,
    MISSING,
    STALE
  }

  /** What was found, and what resending it did. */
  public record Result(
      ExitCode exit,
      String error,
      TreeMap<String, long[]> hours,
      long notEnded,
      RunCounts counts,
      String range) {
    public long total(Kind k) {
      return hours.values().stream().mapToLong(h -> h[k.ordinal()]).sum();
    }
  }

  private final RunContext ctx;
  private final boolean resend;

  public Reconcile(RunContext ctx, boolean resend) {
    this.ctx = ctx;
    this.resend = resend;
  }

  public Result run(ScanRange range, Optional<Checkpoint> cp) {
    RunClock clock = new RunClock(ctx.reader());
    Delivery d = Delivery.once(ctx, clock, Delivery.Mode.FIRST);
    // every poll reads its overlap window again: what lies in it is still to be sent
    String runReached =
        cp.map(
                c ->
                    CallDates.plusSeconds(
                        c.rereadBaseLocal(), -ctx.settings().overlap().toSeconds()))
            .orElse(null);
    Set<String> watched =
        cp.map(c -> c.watch().stream().map(WatchEntry::uniqueid).collect(Collectors.toSet()))
            .orElse(Set.of());
    Tally tally = new Tally(clock, runReached, watched);
    try {
      // calls without a call_date belong to no hour and no range: each reconcile counts them
      ScanPass.undated(ctx, d, Integer.MAX_VALUE, tally::count);
      SourceScanner scanner =
          SourceScanner.whole(
              ctx.reader(),
              ctx.source(),
              new ScanRange(range.lowerLocal(), range.upperLocal(), 0),
              ScanPhase.ARCHIVE,
              null,
              ctx.settings().batchSize());
      ScanPass.walk(ctx, d, scanner, ScanPhase.ARCHIVE, null, tally::count, (phase, at) -> {});
    } catch (VicisyncException e) {
      d.fail(e);
    }
    d.awaitAll();
    Result found =
        new Result(
            ExitCode.OK,
            null,
            tally.hours,
            tally.notEnded,
            d.counts(),
            range.lowerLocal() + " → " + range.upperLocal());
    // under resend = never a call changed after delivery is not re-sent by design: reported, no gap
    long stale =
        ctx.settings().resend() == SyncSettings.Resend.CHANGES ? found.total(Kind.STALE) : 0;
    boolean gaps = !resend && found.total(Kind.MISSING) + stale > 0;
    ExitCode exit = d.exit() == ExitCode.OK && gaps ? ExitCode.PROBLEMS_FOUND : d.exit();
    return new Result(exit, d.error(), tally.hours, tally.notEnded, d.counts(), found.range());
  }

  /** The hour calls without a usable call_date are counted in. */
  public static final String NO_CALL_DATE = "(no call_date)";

  /** The counts as the walk goes, hour by hour. */
  private final class Tally {
    final TreeMap<String, long[]> hours = new TreeMap<>();
    long notEnded;
    private final RunClock clock;
    private final String runReached;
    private final Set<String> watched;

    Tally(RunClock clock, String runReached, Set<String> watched) {
      this.clock = clock;
      this.runReached = runReached;
      this.watched = watched;
    }

    /** Counts {@code rows}; with resend, those the receiver lacks go into {@code resendNow}. */
    void count(List<CallRow> rows, List<EncodedCall> resendNow) {
      for (CallRow row : Wrapup.asAgentsLeftThem(ctx, rows)) {
        Verdict v = Planner.classify(row, clock.now(), ctx.settings());
        if (v == Verdict.NOT_ENDED) {
          notEnded++;
          continue;
        }
        long[] h =
            hours.computeIfAbsent(
                row.callDate() == null || row.callDate().compareTo("1971") < 0
                    ? NO_CALL_DATE
                    : row.callDate().substring(0, 13) + ":00",
                k -> new long[Kind.values().length]);
        h[Kind.CALLS.ordinal()]++;
        Kind k = v == Verdict.SEND ? judge(row, runReached, watched) : Kind.HELD;
        h[k.ordinal()]++;
        if (resend && (k == Kind.MISSING || k == Kind.STALE)) {
          resendNow.add(EncodedCall.of(row, row.postUniqueid(), ctx.source()));
        }
      }
    }
  }

  private Kind judge(CallRow row, String runReached, Set<String> watched) {
    SentLedger.Entry e = ctx.ledger().lookup(row.uniqueid(), row.endEpoch());
    if (e != null && e.deadLettered()) {
      return Kind.DEAD;
    }
    if (e != null
        && e.fingerprint() == EncodedCall.of(row, row.postUniqueid(), ctx.source()).fingerprint()) {
      return Kind.DELIVERED;
    }
    if (e != null && ctx.settings().resend() == SyncSettings.Resend.NEVER) {
      return Kind.STALE; // changed after delivery: no run will post it again
    }
    if ((runReached != null && row.callDate() != null && row.callDate().compareTo(runReached) >= 0)
        || watched.contains(row.uniqueid())) {
      return Kind.PENDING; // the run has not scanned this far yet, or is watching it
    }
    return e == null ? Kind.MISSING : Kind.STALE;
  }
}
