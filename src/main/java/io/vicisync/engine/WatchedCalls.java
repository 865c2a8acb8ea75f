package io.vicisync.engine;

import io.vicisync.Text;
import io.vicisync.config.SyncSettings;
import io.vicisync.engine.Planner.Verdict;
import io.vicisync.source.CallRow;
import io.vicisync.source.SourceScanner;
import io.vicisync.state.WatchEntry;
import io.vicisync.state.WatchEntry.Reason;
import io.vicisync.wire.EncodedCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The run's decision on each row it reads, and the calls it keeps watching between runs: not ended
 * yet, settling, held for a disposition, or sent with a non-final one. Watched calls are looked up
 * by primary key every run, never by rescanning the table; one VICIdial gave a new uniqueid at
 * hang-up is found by its lead; one that never ends is given up on, in one warning a run.
 */
final class WatchedCalls {
  private static final int LOOKUP_CHUNK = 500;

  /** How many calls given up on a run names, in the log and in its one warning. */
  private static final int GAVE_UP_NAMED = 10;

  private final RunContext ctx;
  private final SyncSettings s;
  private final WatchList watch;
  private final SeenRows seen;
  private final Delivery delivery;
  private final LongSupplier now;
  private final List<String> gaveUpNamed = new ArrayList<>();
  private long firstSettled = Long.MAX_VALUE;

  WatchedCalls(RunContext ctx, WatchList watch, SeenRows seen, Delivery d, LongSupplier now) {
    this.ctx = ctx;
    this.s = ctx.settings();
    this.watch = watch;
    this.seen = seen;
    this.delivery = d;
    this.now = now;
  }

  /** When the first call seen settling may be sent (an epoch); Long.MAX_VALUE when none. */
  long firstSettled() {
    return firstSettled;
  }

  /** Looks up the watched calls ({@code settlingOnly}: those settling) and sends those ready. */
  void lookUp(boolean settlingOnly) {
    List<WatchEntry> entries =
        watch.entries().stream()
            .filter(e -> !settlingOnly || e.reason() == Reason.SETTLING)
            .toList();
    for (int i = 0; i < entries.size() && !delivery.halted(); i += LOOKUP_CHUNK) {
      List<WatchEntry> chunk = entries.subList(i, Math.min(entries.size(), i + LOOKUP_CHUNK));
      Map<String, CallRow> found = new HashMap<>();
      Wrapup.asAgentsLeftThem(
              ctx,
              List.copyOf(
                  SourceScanner.find(
                          ctx.reader(),
                          ctx.source(),
                          chunk.stream().map(WatchEntry::uniqueid).toList())
                      .values()))
          .forEach(r -> found.put(r.uniqueid(), r));
      List<EncodedCall> ready = new ArrayList<>();
      for (WatchEntry e : chunk) {
        CallRow row = found.get(e.uniqueid());
        if (row == null && ctx.source().rewritesUniqueids()) {
          row = findRewritten(e);
        }
        if (row != null) {
          decide(row, ready);
        } else if (e.until() < now.getAsLong()) {
          watch.forget(e.uniqueid());
          gaveUp(
              e.uniqueid(),
              "gone from "
                  + ctx.source().table()
                  + " and its archive (deleted) before it was sent ("
                  + e.reason()
                  + ")");
        }
      }
      delivery.send(ready, null);
    }
    delivery.awaitAll();
  }

  /** VICIdial's manual-dial hang-up gives the call a new uniqueid with the same prefix. */
  private CallRow findRewritten(WatchEntry e) {
    String prefix =
        e.uniqueid().contains(".")
            ? e.uniqueid().substring(0, e.uniqueid().indexOf('.'))
            : e.uniqueid();
    for (CallRow r : ctx.reader().findByLead(ctx.source().table(), e.leadId(), e.callDate())) {
      if (r.uniqueidPrefix().equals(prefix) && !r.uniqueid().equals(e.uniqueid())) {
        watch.forget(e.uniqueid());
        String postedAs = e.postedAs() != null ? e.postedAs() : r.uniqueid();
        if (e.postedAs() != null) {
          watch.alias(r.uniqueid(), e.postedAs(), now.getAsLong() + s.watch().toSeconds());
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

  /** Decides on {@code row}: watched for later, or added to {@code ready} to be sent. */
  void decide(CallRow row, List<EncodedCall> ready) {
    long t = now.getAsLong();
    String postedAs =
        row.callUniqueid() != null ? row.callUniqueid() : watch.postedAs(row.uniqueid());
    Verdict v = Planner.classify(row, t, s);
    switch (v) {
      case NOT_ENDED -> {
        if (!watch.has(row.uniqueid())
            && row.startEpoch() != null
            && row.startEpoch() > 0
            && row.startEpoch() < t - s.watch().toSeconds()) {
          // given up on already, and read again because the cursor stays at the newest call
          // while the dialer is idle: not watched, warned or counted again
          return;
        }
        WatchEntry e = WatchList.entry(row, Reason.NOT_ENDED, t + s.watch().toSeconds(), null);
        if (!watch.watch(e, t)) {
          gaveUp(
              row.uniqueid(),
              "no end_epoch " + s.watch().toHours() + " hours after it was first seen; not sent");
        }
      }
      case SETTLING, HELD -> {
        if (v == Verdict.SETTLING) {
          firstSettled = Math.min(firstSettled, row.endEpoch() + s.settle().toSeconds());
        }
        long until = row.endEpoch() + s.holdMax().toSeconds() + s.watch().toSeconds();
        watch.watch(
            WatchList.entry(row, v == Verdict.HELD ? Reason.HELD : Reason.SETTLING, until, null),
            t);
      }
      case SEND -> {
        if (seen != null && seen.unchanged(row, postedAs)) {
          delivery.seenUnchanged(row);
        } else {
          ready.add(EncodedCall.of(row, postedAs, ctx.source()));
        }
      }
    }
  }

  /** A watched call given up on: a line in the log for the first few. */
  private void gaveUp(String uniqueid, String why) {
    if (delivery.gaveUp() <= GAVE_UP_NAMED) {
      gaveUpNamed.add(Text.safe(uniqueid));
      ctx.events().notice("stopped watching " + Text.safe(uniqueid) + ": " + why);
    }
  }

  /**
   * One warning for the run (cron mails it), however many were given up on: a dialer that crashed
   * can leave thousands of calls that never end.
   */
  void sayGaveUp() {
    int n = delivery.counts().abandoned();
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
}
