package io.vicisync.engine;

import io.vicisync.Json;
import io.vicisync.Text;
import io.vicisync.config.SyncSettings;
import io.vicisync.sink.PostResult;
import io.vicisync.sink.Stopping;
import io.vicisync.source.CallRow;
import io.vicisync.state.SentLedger;
import io.vicisync.state.WatchEntry.Reason;
import io.vicisync.wire.EncodedCall;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What becomes of a call once it is decided on: what an answer, or a reason not to post, does to
 * the sent ledger, the dead letters, the watch list and a resident process's seen rows, and how it
 * is counted and told. One settlement for every way a call is posted (a run, follow, backfill,
 * reconcile --resend, a dead-letter replay), so that they cannot drift apart.
 */
final class Settlement {
  /** What the ledger keys a change not re-sent by: never a uniqueid of VICIdial's. */
  private static final String CHANGE_NOTE = "\u0000changed";

  private final RunContext ctx;
  private final SyncSettings s;
  private final LongSupplier now;
  private final WatchList watch;
  private final SeenRows seen;
  private final RunCounts counts = new RunCounts();
  private final AtomicLong newestDeliveredEnd = new AtomicLong();

  /** {@code seen}: a resident process's memory of settled rows, filled here; null: none. */
  Settlement(RunContext ctx, LongSupplier now, WatchList watch, SeenRows seen) {
    this.ctx = ctx;
    this.s = ctx.settings();
    this.now = now;
    this.watch = watch;
    this.seen = seen;
  }

  RunCounts counts() {
    return counts;
  }

  long newestDeliveredEnd() {
    return newestDeliveredEnd.get();
  }

  /**
   * Settles a posted call by its answer: true when it is settled (delivered, dead-lettered, or a
   * dry run's), so the checkpoint may pass it; throws why the command stops otherwise.
   */
  boolean answered(EncodedCall call, boolean resend, PostResult r) {
    CallRow row = call.row();
    long end = end(call);
    switch (r.outcome()) {
      case DELIVERED -> {
        ctx.ledger()
            .record(call.ledgerKey(), call.fingerprint(), false, call.did() != null, end, now());
        (resend ? counts.resent : counts.posted).incrementAndGet();
        if (call.did() == null) {
          counts.withoutDid.incrementAndGet();
        }
        newestDeliveredEnd.accumulateAndGet(Math.min(end, now()), Math::max);
        unposted(call);
        ctx.events().delivered(row, call.postedAs(), resend);
        if (end - now() > Planner.FUTURE_SECONDS) {
          ctx.events()
              .warning(
                  "call "
                      + Text.safe(call.postedAs())
                      + " ended "
                      + Text.duration(end - now())
                      + " in the future (end_epoch "
                      + end
                      + "): its end_epoch is ahead of the database's clock, written by a server"
                      + " whose clock runs ahead or by a broken script; sent as VICIdial holds it ("
                      + Text.safe(row.status())
                      + "); check the telephony servers' clocks (NTP)");
        }
        return true;
      }
      case DRY_RUN -> {
        counts.wouldSend.incrementAndGet();
        ctx.events().wouldSend(row, call.postedAs(), resend);
        return true;
      }
      case REFUSED -> {
        ctx.deadLetters()
            .add(
                now(),
                ctx.source().wire(),
                call.ledgerKey(),
                call.postedAs(),
                r.status(),
                r.answer(),
                call.json());
        ctx.ledger().record(call.ledgerKey(), call.fingerprint(), true, end, now());
        counts.deadLettered.incrementAndGet();
        watch.forget(row.uniqueid());
        ctx.events().refused(row, call.postedAs(), r.status(), r.answer());
        return true;
      }
      default -> throw Stopping.of(r, ctx.sender(), call.postedAs());
    }
  }

  /** A row whose body cannot be written is refused here, as the receiver would: not a stop. */
  boolean unwritable(EncodedCall c, RuntimeException e) {
    String stub = Json.MAPPER.createObjectNode().put("uniqueid", c.postedAs()).toString();
    PostResult r =
        new PostResult(
            PostResult.Outcome.REFUSED,
            0,
            "cannot be written as JSON (" + Text.oneLine(String.valueOf(e.getMessage()), 100) + ")",
            0);
    return answered(c.withJson(stub.getBytes(StandardCharsets.UTF_8)), false, r);
  }

  /**
   * A row a resident process saw settled exactly as it is now: not encoded nor looked up again,
   * counted as unchanged and no longer watched.
   */
  void seenUnchanged(CallRow row) {
    counts.unchanged.incrementAndGet();
    watch.forget(row.uniqueid());
  }

  /** A watched call given up on, never sent: counted; returns how many so far. */
  int gaveUp() {
    return counts.abandoned.incrementAndGet();
  }

  /** The receiver has the call as it is: nothing to post. */
  void unchanged(EncodedCall call) {
    counts.unchanged.incrementAndGet();
    unposted(call);
  }

  /** A leg of a call whose last leg is posted instead (or by the inbound source). */
  void merged(EncodedCall call) {
    counts.merged.incrementAndGet();
    ctx.events()
        .notice(
            "↳ "
                + Text.safe(call.postedAs())
                + " ("
                + ctx.source().wire()
                + " row "
                + Text.safe(call.row().uniqueid())
                + ") is one leg of a call with several rows; its last leg is posted instead");
    unposted(call);
  }

  /**
   * The call changed after the receiver acknowledged it and is not posted again: said and counted
   * once per change, which the ledger notes beside the delivery (the delivery itself stays as it
   * was, for reconcile and for a switch to resend = changes).
   */
  void changed(EncodedCall call, String why) {
    String note = call.ledgerKey() + CHANGE_NOTE;
    SentLedger.Entry noted = ctx.ledger().lookup(note, end(call));
    if (noted != null && noted.fingerprint() == call.fingerprint()) {
      counts.unchanged.incrementAndGet();
    } else {
      if (!ctx.dryRun()) {
        ctx.ledger().record(note, call.fingerprint(), false, end(call), now());
      }
      counts.changedNotResent.incrementAndGet();
      ctx.events().changedAfterDelivery(call.row(), call.postedAs(), why);
    }
    unposted(call);
  }

  /**
   * The receiver has the call: a final one is done with (and remembered as seen), one sent with a
   * non-final status is looked up again until its disposition arrives.
   */
  private void unposted(EncodedCall call) {
    CallRow row = call.row();
    if (!Planner.isFinal(row, s)) {
      watch.watch(
          WatchList.entry(
              row,
              Reason.SENT_NONFINAL,
              Math.min(end(call), now()) + s.watch().toSeconds(),
              call.postedAs()),
          now());
      return;
    }
    watch.forget(row.uniqueid());
    if (seen != null) {
      seen.settled(row, call.postedAs());
    }
  }

  private long now() {
    return now.getAsLong();
  }

  private static long end(EncodedCall call) {
    return call.row().endEpoch() == null ? 0 : call.row().endEpoch();
  }
}
