package io.vicisync.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vicisync.ExitCode;
import io.vicisync.Json;
import io.vicisync.Text;
import io.vicisync.VicisyncException;
import io.vicisync.config.SyncSettings;
import io.vicisync.sink.Outgoing;
import io.vicisync.sink.PostResult;
import io.vicisync.source.CallRow;
import io.vicisync.source.Enrichment;
import io.vicisync.source.ScanKey;
import io.vicisync.state.Ledger;
import io.vicisync.state.SentLedger;
import io.vicisync.state.WatchEntry.Reason;
import io.vicisync.wire.EncodedCall;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Sends calls the engine has decided on, at most --max-in-flight at once and never two for the same
 * uniqueid, and settles each: ledger, dead letters, watch list, the checkpoint tracker and the log
 * line. The first fatal answer stops all further dispatch.
 */
final class Dispatcher {
  private final RunContext ctx;
  private final SyncSettings s;
  private final LongSupplier now;
  private final Semaphore permits;
  private final boolean resendUnchanged;
  private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
  private final AtomicReference<VicisyncException> failure = new AtomicReference<>();
  private volatile boolean outOfTime;
  private final AtomicLong newestDeliveredEnd = new AtomicLong();
  private final RunCounts counts = new RunCounts();
  private WatchList watch;
  private SeenRows seen;
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

  /** A resident process's memory of settled rows, filled here as rows settle. */
  void useSeen(SeenRows rows) {
    this.seen = rows;
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

  /** --max-run-time came while calls were still to post; they were left for the next run. */
  boolean outOfTime() {
    return outOfTime;
  }

  /** No more posts: a failure, or out of time. What was not posted is not settled. */
  boolean halted() {
    return outOfTime || stopped();
  }

  /**
   * How the command ends, as far as posting goes: the first fatal failure's code, else 65 when a
   * call was refused for good, else OK. Every command's exit code starts here.
   */
  ExitCode exit() {
    return failure()
        .map(VicisyncException::exitCode)
        .orElse(counts.deadLettered() > 0 ? ExitCode.DEAD_LETTERED : ExitCode.OK);
  }

  Optional<VicisyncException> failure() {
    return Optional.ofNullable(failure.get());
  }

  /** Records the first fatal failure and stops further posts; later ones are only logged. */
  void fail(VicisyncException e) {
    if (failure.compareAndSet(null, e)) {
      ctx.sender().halt();
      ctx.events().failure(e.getMessage());
    }
  }

  /**
   * Sends each of {@code calls} (in scan order) unless the receiver already has exactly its
   * content, or has it as it was and must not count it twice ([sync] resend = never); those to post
   * are enriched first, in one batched lookup.
   */
  void sendAll(List<EncodedCall> calls, SettlementTracker<ScanKey> tracker) {
    Legs.Sorted legs = Legs.sort(ctx, calls);
    legs.merged().forEach(this::merged);
    sendAll(legs.post(), tracker, legs.alsoKnownAs());
  }

  /**
   * {@code alsoKnownAs}: for a call, the other keys (its other legs) under which the receiver may
   * have it already, in this source's ledger or the other's.
   */
  private void sendAll(
      List<EncodedCall> calls,
      SettlementTracker<ScanKey> tracker,
      Map<String, List<String>> alsoKnownAs) {
    List<EncodedCall> toPost = new ArrayList<>();
    List<Ledger.Entry> delivered = new ArrayList<>();
    for (EncodedCall call : calls) {
      if (halted()) {
        return;
      }
      CompletableFuture<Void> earlier = inFlight.get(call.ledgerKey());
      if (earlier != null && !awaitEarlier(earlier, call)) {
        return; // never two posts for one uniqueid at once; then decide on what it settled
      }
      Ledger.Entry prev = ctx.ledger().lookup(call.ledgerKey(), call.row().endEpoch());
      if (PhoneNumbers.delivered(prev) == null) {
        Ledger.Entry other = deliveredAs(alsoKnownAs.get(call.ledgerKey()), call);
        prev = other != null ? other : prev;
      }
      if (prev != null && prev.fingerprint() == call.fingerprint() && !resendUnchanged) {
        unchanged(call);
      } else if (PhoneNumbers.delivered(prev) != null
          && !resendUnchanged
          && s.resend() == SyncSettings.Resend.NEVER) {
        changed(call, "[sync] resend = never, the receiver would count it twice");
      } else {
        toPost.add(call);
        delivered.add(PhoneNumbers.delivered(prev));
      }
    }
    Map<String, Enrichment> extra =
        toPost.isEmpty()
            ? Map.of()
            : ctx.enricher().lookUp(toPost.stream().map(EncodedCall::row).toList());
    for (int i = 0; i < toPost.size() && !halted(); i++) {
      EncodedCall c = toPost.get(i);
      Enrichment e = extra.get(c.row().uniqueid());
      String did = PhoneNumbers.did(s, delivered.get(i), e);
      if (PhoneNumbers.lost(s, delivered.get(i), did)) {
        changed(c, "the receiver counted it against a DID its caller ID no longer names");
        continue;
      }
      EncodedCall withBody;
      try {
        withBody = c.withBody(e, did);
      } catch (RuntimeException ex) {
        unsendable(c, ex, tracker);
        continue;
      }
      post(withBody, delivered.get(i) != null, tracker);
    }
  }

  /** A delivery of the call under one of {@code keys}: another of its legs; null when none. */
  private Ledger.Entry deliveredAs(List<String> keys, EncodedCall call) {
    if (keys == null) {
      return null;
    }
    long end = call.row().endEpoch() == null ? 0 : call.row().endEpoch();
    for (String k : keys) {
      for (SentLedger l : new SentLedger[] {ctx.ledger(), ctx.otherLedger()}) {
        Ledger.Entry e = l == null ? null : PhoneNumbers.delivered(l.lookup(k, end));
        if (e != null) {
          return e;
        }
      }
    }
    return null;
  }

  /** A leg of a call whose last leg is posted instead (or by the inbound source): settled. */
  private void merged(EncodedCall call) {
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
    settledUnposted(call);
  }

  /** The receiver has the call as it is: nothing to post. */
  private void unchanged(EncodedCall call) {
    counts.unchanged.incrementAndGet();
    settledUnposted(call);
  }

  /**
   * The call changed after the receiver acknowledged it and is not posted again: said and counted
   * once per change, which the ledger notes beside the delivery (the delivery itself stays as it
   * was, for reconcile and for a switch to resend = changes).
   */
  private void changed(EncodedCall call, String why) {
    String note = call.ledgerKey() + CHANGE_NOTE;
    long end = call.row().endEpoch() == null ? 0 : call.row().endEpoch();
    Ledger.Entry noted = ctx.ledger().lookup(note, end);
    if (noted != null && noted.fingerprint() == call.fingerprint()) {
      counts.unchanged.incrementAndGet();
    } else {
      if (!ctx.dryRun()) {
        ctx.ledger().record(note, call.fingerprint(), false, end, now.getAsLong());
      }
      counts.changedNotResent.incrementAndGet();
      ctx.events().changedAfterDelivery(call.row(), call.postedAs(), why);
    }
    settledUnposted(call);
  }

  /** What the ledger keys a change not re-sent by: never a uniqueid of VICIdial's. */
  private static final String CHANGE_NOTE = "\u0000changed";

  private void settledUnposted(EncodedCall call) {
    boolean isFinal = Planner.isFinal(call.row(), s);
    keepWatching(call, isFinal);
    if (isFinal && seen != null) {
      seen.settled(call.row(), call.postedAs());
    }
  }

  private boolean awaitEarlier(CompletableFuture<Void> earlier, EncodedCall call) {
    try {
      earlier.get(ctx.sender().longestPost().toMillis() + 5_000, TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      fail(
          new VicisyncException(
              ExitCode.INTERNAL,
              "the earlier post of "
                  + call.postedAs()
                  + " never finished; nothing was skipped, but please report it with the log"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(new VicisyncException(ExitCode.TEMPORARY, "interrupted; nothing was skipped"));
    }
    return false;
  }

  /** A row whose body cannot be written is refused here, like the receiver would: not a stop. */
  private void unsendable(EncodedCall c, RuntimeException e, SettlementTracker<ScanKey> tracker) {
    long ticket = tracker == null ? -1 : tracker.open();
    ObjectNode stub = Json.MAPPER.createObjectNode().put("uniqueid", c.postedAs());
    PostResult r =
        new PostResult(
            PostResult.Outcome.REFUSED,
            0,
            "cannot be written as JSON (" + Text.oneLine(String.valueOf(e.getMessage()), 100) + ")",
            0);
    if (settle(
            c.withJson(stub.toString().getBytes(StandardCharsets.UTF_8)),
            false,
            Planner.isFinal(c.row(), s),
            r)
        && tracker != null) {
      tracker.settle(ticket);
    }
  }

  private void post(EncodedCall call, boolean resend, SettlementTracker<ScanKey> tracker) {
    boolean isFinal = Planner.isFinal(call.row(), s);
    if (ctx.deadline().passed()) {
      outOfTime = true; // the run ends on time; this call and those after it are the next run's
      return;
    }
    permits.acquireUninterruptibly();
    if (halted()) {
      permits.release();
      return;
    }
    long ticket = tracker == null ? -1 : tracker.open();
    dispatched++;
    CompletableFuture<Void> done = new CompletableFuture<>();
    inFlight.put(call.ledgerKey(), done);
    // settled below, whatever happens: the future returned by whenComplete adds nothing
    var unused =
        ctx.sender()
            .post(new Outgoing(call.postedAs(), call.json(), call.idempotencyKey()))
            .whenComplete(
                (r, err) -> {
                  try {
                    Throwable cause =
                        err instanceof CompletionException && err.getCause() != null
                            ? err.getCause()
                            : err;
                    if (cause instanceof Error) {
                      // out of memory or worse inside a worker: the run cannot be trusted to go on
                      fail(
                          new VicisyncException(
                              ExitCode.INTERNAL,
                              "posting "
                                  + call.postedAs()
                                  + " failed ("
                                  + Text.oneLine(cause.toString(), 200)
                                  + "); the run stops,"
                                  + " nothing was skipped, but please report it with the log",
                              cause));
                    } else if (cause != null) {
                      fail(
                          new VicisyncException(
                              ExitCode.TEMPORARY,
                              "posting "
                                  + call.postedAs()
                                  + " failed unexpectedly ("
                                  + Text.oneLine(cause.toString(), 200)
                                  + "); the"
                                  + " next run resumes from it",
                              cause));
                    } else if (settle(call, resend, isFinal, r) && tracker != null) {
                      tracker.settle(ticket);
                    }
                  } catch (VicisyncException e) {
                    fail(e);
                  } catch (RuntimeException e) {
                    fail(
                        new VicisyncException(
                            ExitCode.TEMPORARY,
                            "settling "
                                + call.postedAs()
                                + " failed ("
                                + e
                                + "); the next run resumes from it",
                            e));
                  } catch (Error e) {
                    fail(
                        new VicisyncException(
                            ExitCode.INTERNAL,
                            "settling "
                                + call.postedAs()
                                + " failed ("
                                + e
                                + "); nothing was skipped, but please report it with the log",
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
        ctx.ledger()
            .record(
                call.ledgerKey(),
                call.fingerprint(),
                false,
                call.did() != null,
                end,
                now.getAsLong());
        (resend ? counts.resent : counts.posted).incrementAndGet();
        if (call.did() == null) {
          counts.withoutDid.incrementAndGet();
        }
        newestDeliveredEnd.accumulateAndGet(end, Math::max);
        keepWatching(call, isFinal);
        if (isFinal && seen != null) {
          seen.settled(row, call.postedAs());
        }
        ctx.events().delivered(row, call.postedAs(), resend);
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
                now.getAsLong(),
                ctx.source().wire(),
                call.ledgerKey(),
                call.postedAs(),
                r.status(),
                r.answer(),
                call.json());
        ctx.ledger().record(call.ledgerKey(), call.fingerprint(), true, end, now.getAsLong());
        counts.deadLettered.incrementAndGet();
        watch.forget(row.uniqueid());
        ctx.events().refused(row, call.postedAs(), r.status(), r.answer());
        return true;
      }
      default -> fail(Stopping.of(r, ctx.sender(), call.postedAs()));
    }
    return false;
  }

  /** A call sent with a non-final status is looked up again until its disposition arrives. */
  private void keepWatching(EncodedCall call, boolean isFinal) {
    CallRow row = call.row();
    if (isFinal) {
      watch.forget(row.uniqueid());
    } else {
      watch.watch(
          SyncEngine.entry(
              row, Reason.SENT_NONFINAL, row.endEpoch() + s.watch().toSeconds(), call.postedAs()),
          now.getAsLong());
    }
  }

  /**
   * Waits until every post dispatched so far has settled or failed, but not forever: each post is
   * bounded, so one that has not settled long after its bound is stuck, and the run stops
   * (INTERNAL) with the checkpoint where the settled calls put it.
   */
  void awaitAll() {
    long now = System.nanoTime();
    long bound =
        Math.min(
            ctx.sender().longestPost().toNanos(),
            Math.max(0, ctx.deadlineNanos() - now) + ctx.sender().attemptLimit().toNanos());
    try {
      if (permits.tryAcquire(
          s.maxInFlight(), bound + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS)) {
        permits.release(s.maxInFlight());
      } else {
        ctx.sender().halt();
        fail(
            new VicisyncException(
                ExitCode.INTERNAL,
                inFlight.size()
                    + " posts did not finish"
                    + " within "
                    + TimeUnit.NANOSECONDS.toSeconds(bound + TimeUnit.SECONDS.toNanos(5))
                    + " s; the run stops, nothing was skipped, but please report it with the log"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(new VicisyncException(ExitCode.TEMPORARY, "interrupted; nothing was skipped"));
    }
  }
}
