package io.vicisync.engine;

import io.vicisync.ExitCode;
import io.vicisync.Text;
import io.vicisync.VicisyncException;
import io.vicisync.sink.Outgoing;
import io.vicisync.source.ScanKey;
import io.vicisync.wire.EncodedCall;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Posts calls at most --max-in-flight at once and never two for the same call, hands each answer to
 * the {@link Settlement}, and holds the failure latch: the first fatal failure stops all further
 * posts and is how the command ends.
 */
final class Dispatcher {
  private final RunContext ctx;
  private final int maxInFlight;
  private final Settlement settlement;
  private final Semaphore permits;
  private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
  private final AtomicReference<VicisyncException> failure = new AtomicReference<>();
  private volatile boolean outOfTime;
  private int dispatched;

  Dispatcher(RunContext ctx, Settlement settlement) {
    this.ctx = ctx;
    this.settlement = settlement;
    this.maxInFlight = ctx.settings().maxInFlight();
    this.permits = new Semaphore(maxInFlight);
  }

  /** Posts dispatched so far. */
  int dispatched() {
    return dispatched;
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
        .orElse(settlement.counts().deadLettered() > 0 ? ExitCode.DEAD_LETTERED : ExitCode.OK);
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
   * Why {@code doing} a call's post stopped the command: a failure of ours is reported as it is, a
   * JVM error means the run cannot be trusted to go on, anything else is left to the next run.
   */
  static VicisyncException stop(String doing, EncodedCall call, Throwable cause) {
    if (cause instanceof VicisyncException v) {
      return v;
    }
    String what = doing + " " + call.postedAs() + " failed (" + Text.oneLine(cause.toString(), 200);
    return cause instanceof Error
        ? new VicisyncException(
            ExitCode.INTERNAL,
            what + "); the run stops, nothing was skipped, but please report it with the log",
            cause)
        : new VicisyncException(
            ExitCode.TEMPORARY, what + "); the next run resumes from it", cause);
  }

  /**
   * Waits for an earlier post of the same call to settle: never two posts for one call at once, and
   * the next decision is made on what the first settled. False when the run must stop.
   */
  boolean awaitEarlier(EncodedCall call) {
    CompletableFuture<Void> earlier = inFlight.get(call.ledgerKey());
    if (earlier == null) {
      return true;
    }
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

  /**
   * Posts {@code call} (its body written), settling it when the answer comes; {@code resend}: the
   * receiver had it before. Past the deadline nothing more is posted: the rest is the next run's.
   */
  void post(EncodedCall call, boolean resend, SettlementTracker<ScanKey> tracker) {
    if (ctx.deadline().passed()) {
      outOfTime = true;
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
                    if (err != null) {
                      Throwable cause =
                          err instanceof CompletionException && err.getCause() != null
                              ? err.getCause()
                              : err;
                      fail(stop("posting", call, cause));
                    } else if (settlement.answered(call, resend, r) && tracker != null) {
                      tracker.settle(ticket);
                    }
                  } catch (RuntimeException | Error e) {
                    fail(stop("settling", call, e));
                  } finally {
                    inFlight.remove(call.ledgerKey());
                    done.complete(null);
                    permits.release();
                  }
                });
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
                Math.max(0, ctx.deadlineNanos() - now) + ctx.sender().attemptLimit().toNanos())
            + TimeUnit.SECONDS.toNanos(5);
    try {
      if (permits.tryAcquire(maxInFlight, bound, TimeUnit.NANOSECONDS)) {
        permits.release(maxInFlight);
      } else {
        ctx.sender().halt();
        fail(
            new VicisyncException(
                ExitCode.INTERNAL,
                inFlight.size()
                    + " posts did not finish within "
                    + TimeUnit.NANOSECONDS.toSeconds(bound)
                    + " s; the run stops, nothing was skipped, but please report it with the log"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(new VicisyncException(ExitCode.TEMPORARY, "interrupted; nothing was skipped"));
    }
  }
}
