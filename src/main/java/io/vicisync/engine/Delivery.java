package io.vicisync.engine;

import io.vicisync.ExitCode;
import io.vicisync.VicisyncException;
import io.vicisync.config.SyncSettings;
import io.vicisync.source.CallRow;
import io.vicisync.source.Enrichment;
import io.vicisync.source.ScanKey;
import io.vicisync.state.SentLedger;
import io.vicisync.wire.EncodedCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Takes the calls an engine decided to send and posts those the receiver does not have: a leg of a
 * call is left to its last leg, a call the ledger holds as it is now is not posted, one changed
 * after delivery is not posted again under {@code resend = never}; the rest are enriched in one
 * batched lookup, given their phoneNumber and body, and handed to the {@link Dispatcher}.
 */
final class Delivery {
  /** What a call the ledger already holds means. */
  enum Mode {
    /** A run, follow, reconcile --resend: post what the receiver lacks. */
    FIRST,
    /** backfill --resend: post what the receiver has as well. */
    RESEND,
    /** A dead-letter replay: a refusal kept in the ledger is what is being retried. */
    REPLAY
  }

  private final RunContext ctx;
  private final SyncSettings s;
  private final Mode mode;
  private final Settlement settlement;
  private final Dispatcher dispatcher;

  /** {@code seen}: a resident process's memory of settled rows; null: none. */
  Delivery(RunContext ctx, LongSupplier now, Mode mode, WatchList watch, SeenRows seen) {
    this.ctx = ctx;
    this.s = ctx.settings();
    this.mode = mode;
    this.settlement = new Settlement(ctx, now, watch, seen);
    this.dispatcher = new Dispatcher(ctx, settlement);
  }

  /** For a command that watches no call between runs (backfill, reconcile, replay). */
  static Delivery once(RunContext ctx, RunClock clock, Mode mode) {
    return new Delivery(
        ctx, clock::now, mode, new WatchList(List.of(), List.of(), clock.now()), null);
  }

  /**
   * Sends each of {@code calls} (in scan order) that the receiver lacks; {@code tracker}, when not
   * null, learns as each settles.
   */
  void send(List<EncodedCall> calls, SettlementTracker<ScanKey> tracker) {
    Legs.Sorted legs = Legs.sort(ctx, calls);
    legs.merged().forEach(settlement::merged);
    List<EncodedCall> toPost = new ArrayList<>();
    List<SentLedger.Entry> delivered = new ArrayList<>();
    for (EncodedCall call : legs.post()) {
      if (halted() || !dispatcher.awaitEarlier(call)) {
        return;
      }
      SentLedger.Entry prev = previous(call, legs.alsoKnownAs().get(call.ledgerKey()));
      if (prev != null && prev.fingerprint() == call.fingerprint() && mode != Mode.RESEND) {
        settlement.unchanged(call);
      } else if (PhoneNumbers.delivered(prev) != null
          && mode != Mode.RESEND
          && s.resend() == SyncSettings.Resend.NEVER) {
        settlement.changed(call, "[sync] resend = never, the receiver would count it twice");
      } else {
        toPost.add(call);
        delivered.add(PhoneNumbers.delivered(prev));
      }
    }
    List<EncodedCall> unwritten = toPost.stream().filter(c -> c.json() == null).toList();
    Map<String, Enrichment> extra =
        unwritten.isEmpty()
            ? Map.of()
            : ctx.enricher().lookUp(unwritten.stream().map(EncodedCall::row).toList());
    for (int i = 0; i < toPost.size() && !halted(); i++) {
      EncodedCall c = toPost.get(i);
      if (c.json() == null) {
        c = withBody(c, delivered.get(i), extra.get(c.row().uniqueid()), tracker);
      }
      if (c != null) {
        dispatcher.post(c, delivered.get(i) != null, tracker);
      }
    }
  }

  /**
   * What the ledger holds of {@code call}: under its own key, or, when it was not delivered so,
   * under one of {@code alsoKnownAs} (its other legs, in this source's ledger or the other's).
   */
  private SentLedger.Entry previous(EncodedCall call, List<String> alsoKnownAs) {
    long end = call.row().endEpoch() == null ? 0 : call.row().endEpoch();
    SentLedger.Entry own = ctx.ledger().lookup(call.ledgerKey(), end);
    if (mode == Mode.REPLAY && own != null && own.deadLettered()) {
      own = null;
    }
    if (PhoneNumbers.delivered(own) != null || alsoKnownAs == null) {
      return own;
    }
    for (String k : alsoKnownAs) {
      for (SentLedger l : new SentLedger[] {ctx.ledger(), ctx.otherLedger()}) {
        SentLedger.Entry e = l == null ? null : PhoneNumbers.delivered(l.lookup(k, end));
        if (e != null) {
          return e;
        }
      }
    }
    return own;
  }

  /** The call with its phoneNumber and body; null when it is settled without a post. */
  private EncodedCall withBody(
      EncodedCall c, SentLedger.Entry delivered, Enrichment e, SettlementTracker<ScanKey> tracker) {
    String did = PhoneNumbers.did(s, delivered, e);
    if (PhoneNumbers.lost(s, delivered, did)) {
      settlement.changed(c, "the receiver counted it against a DID its caller ID no longer names");
      return null;
    }
    try {
      return c.withBody(e, did);
    } catch (RuntimeException ex) {
      long ticket = tracker == null ? -1 : tracker.open();
      if (settlement.unwritable(c, ex) && tracker != null) {
        tracker.settle(ticket);
      }
      return null;
    }
  }

  boolean halted() {
    return dispatcher.halted();
  }

  /** How many calls were handed to the poster so far (a dry run's included). */
  int dispatched() {
    return dispatcher.dispatched();
  }

  /** Whether the poster stopped: the receiver or the state disk failed, or a signal. */
  boolean stopped() {
    return dispatcher.stopped();
  }

  /** Whether --max-run-time (or a stop signal) ended the posting. */
  boolean outOfTime() {
    return dispatcher.outOfTime();
  }

  /** The newest end_epoch of a call delivered so far (0: none). */
  long newestDeliveredEnd() {
    return settlement.newestDeliveredEnd();
  }

  /** A row a resident process saw settled exactly as it is now: nothing to post. */
  void seenUnchanged(CallRow row) {
    settlement.seenUnchanged(row);
  }

  /** A watched call given up on: counted; returns how many so far. */
  int gaveUp() {
    return settlement.gaveUp();
  }

  void awaitAll() {
    dispatcher.awaitAll();
  }

  void fail(VicisyncException e) {
    dispatcher.fail(e);
  }

  RunCounts counts() {
    return settlement.counts();
  }

  ExitCode exit() {
    return dispatcher.exit();
  }

  /** The one-line reason the command stopped; null when it did not. */
  String error() {
    return dispatcher.failure().map(Throwable::getMessage).orElse(null);
  }
}
