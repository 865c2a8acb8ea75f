package io.vicisync.sink;

import io.vicisync.sink.PostResult.Outcome;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A dry run's sender: every call is settled at once as {@link Outcome#DRY_RUN}; nothing leaves. */
public final class DryRunSender implements Sender {
  private final URI uri;

  public DryRunSender(URI uri) {
    this.uri = uri;
  }

  @Override
  public CompletableFuture<PostResult> post(Outgoing o) {
    return CompletableFuture.completedFuture(new PostResult(Outcome.DRY_RUN, 0, "dry run", 0));
  }

  @Override
  public void halt() {
    // nothing is under way
  }

  @Override
  public int retries() {
    return 0;
  }

  @Override
  public Duration attemptLimit() {
    return Duration.ZERO;
  }

  @Override
  public Duration longestPost() {
    return Duration.ZERO;
  }

  @Override
  public URI uri() {
    return uri;
  }

  @Override
  public long rateLimitedUntilMillis() {
    return 0;
  }

  @Override
  public PostResult await(CompletableFuture<PostResult> post) {
    return post.join();
  }

  @Override
  public boolean dryRun() {
    return true;
  }

  @Override
  public void close() {
    // nothing to release
  }
}
