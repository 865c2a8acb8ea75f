package io.vicisync.engine;

import io.vicisync.ExitCode;
import io.vicisync.VicisyncException;
import io.vicisync.config.SyncSettings;
import io.vicisync.sink.CallPoster;
import io.vicisync.sink.Outgoing;
import io.vicisync.sink.PostResult;
import io.vicisync.source.CallRow;
import io.vicisync.source.Enrichment;
import io.vicisync.source.ScanKey;
import io.vicisync.state.Ledger;
import io.vicisync.state.WatchEntry.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Sends calls the engine has decided on, at most --max-in-flight at once and never two for the
 * same uniqueid, and settles each: ledger, dead letters, watch list, the checkpoint tracker and the
 * log line. The first fatal answer stops all further dispatch.
 */
final class Dispatcher {
  private final RunContext ctx;
  private final SyncSettings s;
  private final LongSupplier now;
  private final Semaphore permits;
  private final boolean resendUnchanged;
  private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
  private final AtomicReference<VicisyncException> failure = new AtomicReference<>();
  private final AtomicLong newestDeliveredEnd = new AtomicLong();
  private final RunCounts counts = new RunCounts();
  private WatchList watch;
  private int dispatched;

  /** {@code resendUnchanged}: post even what the receiver already has (backfill --resend). */
  Dispatcher(RunContext ctx, LongSupplier now, boolean resendUnchanged) {
    this.ctx = ctx;
    this.resendUnchanged = resendUnchanged;
    this.s = ctx.settings();
    this.now = now;
    this.permits = new Semaphore(s.maxInFlight());
  }

  void useWatchList(WatchList w) {
    this.watch = w;
  }

  RunCounts counts() {
    return counts;
  }

  int dispatched() {
    return dispatched;
  }

  long newestDeliveredEnd() {
    return newestDeliveredEnd.get();
  }

  boolean stopped() {
    return failure.get() != null;
  }

  Optional<VicisyncException> failure() {
    return Optional.ofNullable(failure.get());
  }

  /** Records the first fatal failure and stops further posts; later ones are only logged. */
  void fail(VicisyncException e) {
    if (failure.compareAndSet(null, e)) {
      if (ctx.poster() != null) {
        ctx.poster().halt();
      }
      ctx.log().error(e.getMessage());
    }
  }

  /**
   * Sends each of {@code calls} (in scan order) unless the receiver already has exactly its
   * content; those to post are enriched first, in one batched lookup.
   */
  void sendAll(List<EncodedCall> calls, SettlementTracker<ScanKey> tracker) {
    List<EncodedCall> toPost = new ArrayList<>();
    List<Boolean> resends = new ArrayList<>();
    for (EncodedCall call : calls) {
      if (stopped()) {
        return;
      }
      CompletableFuture<Void> earlier = inFlight.get(call.ledgerKey());
      if (earlier != null) {
        earlier.join(); // never two posts for one uniqueid at once; then decide on what it settled
      }
      Ledger.Entry prev = ctx.ledger().lookup(call.ledgerKey(), call.row().endEpoch());
      if (prev != null && prev.fingerprint() == call.fingerprint() && !resendUnchanged) {
        counts.unchanged.incrementAndGet();
        keepWatching(call, Planner.isFinal(call.row(), s));
      } else if (ctx.dryRun()) {
        counts.wouldSend.incrementAndGet();
        ctx.dryRunOut().println("would " + (prev == null ? "send   " : "re-send") + " "
            + describe(call.row(), call.postedAs()));
      } else {
        toPost.add(call);
        resends.add(prev != null);
      }
    }
    Map<String, Enrichment> extra = ctx.enricher() == null || toPost.isEmpty() ? Map.of()
        : ctx.enricher().lookUp(toPost.stream().map(EncodedCall::row).toList());
    for (int i = 0; i < toPost.size() && !stopped(); i++) {
      EncodedCall c = toPost.get(i);
      post(c.withBody(extra.get(c.row().uniqueid())), resends.get(i), tracker);
    }
  }

  private void post(EncodedCall call, boolean resend, SettlementTracker<ScanKey> tracker) {
    boolean isFinal = Planner.isFinal(call.row(), s);
    permits.acquireUninterruptibly();
    if (stopped()) {
      permits.release();
      return;
    }
    long ticket = tracker == null ? -1 : tracker.open();
    dispatched++;
    CompletableFuture<Void> done = new CompletableFuture<>();
    inFlight.put(call.ledgerKey(), done);
    ctx.poster().post(new Outgoing(call.postedAs(), call.json(), call.idempotencyKey()))
        .whenComplete((r, err) -> {
          try {
            if (err != null) {
              fail(new VicisyncException(ExitCode.TEMPORARY, "posting " + call.postedAs()
                  + " failed unexpectedly (" + err + "); the next run resumes from it", err));
            } else if (settle(call, resend, isFinal, r) && tracker != null) {
              tracker.settle(ticket);
            }
          } catch (VicisyncException e) {
            fail(e);
          } catch (RuntimeException e) {
            fail(new VicisyncException(ExitCode.TEMPORARY, "settling " + call.postedAs()
                + " failed (" + e + "); the next run resumes from it", e));
          } catch (Error e) {
            fail(new VicisyncException(ExitCode.INTERNAL, "settling " + call.postedAs()
                + " failed (" + e + "); nothing was skipped, but please report it with the log",
                e));
          } finally {
            inFlight.remove(call.ledgerKey());
            done.complete(null);
            permits.release();
          }
        });
  }

  /** True when the post is settled: delivered or dead-lettered. */
  private boolean settle(EncodedCall call, boolean resend, boolean isFinal, PostResult r) {
    CallRow row = call.row();
    long end = row.endEpoch() == null ? 0 : row.endEpoch();
    switch (r.outcome()) {
      case DELIVERED -> {
        ctx.ledger().record(call.ledgerKey(), call.fingerprint(), false, end, now.getAsLong());
        (resend ? counts.resent : counts.posted).incrementAndGet();
        newestDeliveredEnd.accumulateAndGet(end, Math::max);
        keepWatching(call, isFinal);
        ctx.log().info((resend ? "↻ " : "✓ ") + describe(row, call.postedAs()));
        return true;
      }
      case REFUSED -> {
        ctx.deadLetters().add(now.getAsLong(), call.postedAs(), r.status(), r.answer(),
            call.json());
        ctx.ledger().record(call.ledgerKey(), call.fingerprint(), true, end, now.getAsLong());
        counts.deadLettered.incrementAndGet();
        watch.forget(row.uniqueid());
        ctx.log().warn("✗ " + describe(row, call.postedAs()) + " refused by the receiver: HTTP "
            + r.status() + " " + r.answer() + "; kept in " + ctx.deadLetters().file()
            + ", the run goes on");
        return true;
      }
      default -> fail(stopping(r, ctx.poster(), call.postedAs()));
    }
    return false;
  }

  /** Why an answer that is neither delivered nor refused stops the command. */
  static VicisyncException stopping(PostResult r, CallPoster poster, String uniqueid) {
    return switch (r.outcome()) {
      case UNAUTHORIZED -> new VicisyncException(ExitCode.PERMISSION, "the receiver refused"
          + " the API key (HTTP " + r.status() + " " + r.answer() + "): check api_key in"
          + " dids.conf or $API_KEY; nothing was skipped");
      case WRONG_URL -> VicisyncException.config("the receiver answered HTTP " + r.status()
          + " at " + poster.uri() + ": check api_base_url in dids.conf or"
          + " $DID_OPTIMIZER_API_URL; nothing was skipped");
      default -> new VicisyncException(ExitCode.TEMPORARY, "could not deliver " + uniqueid + ": "
          + r.answer() + "; nothing was skipped, the next run resumes from it");
    };
  }

  /** A call sent with a non-final status is looked up again until its disposition arrives. */
  private void keepWatching(EncodedCall call, boolean isFinal) {
    CallRow row = call.row();
    if (isFinal) {
      watch.forget(row.uniqueid());
    } else {
      watch.watch(SyncEngine.entry(row, Reason.SENT_NONFINAL,
          row.endEpoch() + s.watch().toSeconds(), call.postedAs()), now.getAsLong());
    }
  }

  /** Waits until every post dispatched so far has settled or failed. */
  void awaitAll() {
    permits.acquireUninterruptibly(s.maxInFlight());
    permits.release(s.maxInFlight());
  }

  String describe(CallRow r, String postedAs) {
    return postedAs + " " + (r.campaignId() == null ? "-" : r.campaignId()) + "/"
        + ctx.privacy().phone(r.phoneNumber()) + " → " + (r.status() == null ? "-" : r.status())
        + " (" + (r.lengthInSec() == null ? 0 : r.lengthInSec()) + "s)";
  }
}
