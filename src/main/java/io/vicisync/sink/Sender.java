package io.vicisync.sink;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where the core sends a call: the receiver ({@link CallPoster}), or, for a dry run, nowhere
 * ({@link DryRunSender}). Every post settles, within {@link #longestPost()}.
 */
public interface Sender extends AutoCloseable {
  /** Posts {@code o}; the future settles after any retries. */
  CompletableFuture<PostResult> post(Outgoing o);

  /** Stops starting attempts; posts waiting for a retry end as GAVE_UP. */
  void halt();

  /** Starts attempts again after {@link #halt}: a resident process's next poll. */
  default void resume() {}

  /** Retries so far, for the run summary. */
  int retries();

  /** The longest one attempt may take. */
  Duration attemptLimit();

  /** The longest a post may take with all its retries. */
  Duration longestPost();

  /** Where calls go, for messages. */
  URI uri();

  /** When the receiver's rate limiter said to come back (epoch millis); 0 if it did not. */
  long rateLimitedUntilMillis();

  /** Waits for {@code post} within {@link #longestPost()}. */
  PostResult await(CompletableFuture<PostResult> post);

  /**
   * How long the next run should wait for an answer: longer than now after a post went unanswered
   * in time, {@code api_timeout} again once every answer came within it; empty when this run says
   * nothing either way.
   */
  default Optional<Duration> patience() {
    return Optional.empty();
  }

  /** True for a dry run's sender: nothing is posted, and no state may change. */
  default boolean dryRun() {
    return false;
  }

  @Override
  void close();
}
