package io.vicisync.engine;

import io.vicisync.sink.Outgoing;
import io.vicisync.sink.PostResult;
import io.vicisync.sink.PostResult.Outcome;
import io.vicisync.sink.Sender;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A receiver in memory. Each post's answer comes from the script; posts can be held and then
 * answered in any order, so a test decides how acknowledgements interleave.
 */
final class FakeSender implements Sender {
  private final List<Outgoing> posts = Collections.synchronizedList(new ArrayList<>());
  private final List<CompletableFuture<PostResult>> held = new ArrayList<>();
  private final List<Outgoing> heldPosts = new ArrayList<>();
  Function<Outgoing, PostResult> script = o -> result(Outcome.DELIVERED, 200);
  boolean hold;

  static PostResult result(Outcome o, int status) {
    return new PostResult(o, status, "{\"success\":" + (o == Outcome.DELIVERED) + "}", 0);
  }

  List<Outgoing> posts() {
    return new ArrayList<>(posts);
  }

  List<String> uniqueids() {
    return posts().stream().map(Outgoing::uniqueid).toList();
  }

  @Override
  public synchronized CompletableFuture<PostResult> post(Outgoing o) {
    posts.add(o);
    if (!hold) {
      return CompletableFuture.completedFuture(script.apply(o));
    }
    CompletableFuture<PostResult> f = new CompletableFuture<>();
    held.add(f);
    heldPosts.add(o);
    return f;
  }

  /** Answers the held posts, last first: acknowledgements out of order. */
  synchronized void answerHeldLastFirst() {
    for (int i = held.size() - 1; i >= 0; i--) {
      held.get(i).complete(script.apply(heldPosts.get(i)));
    }
    held.clear();
    heldPosts.clear();
  }

  @Override
  public void halt() {
    // nothing waits for a retry here
  }

  @Override
  public int retries() {
    return 0;
  }

  @Override
  public Duration attemptLimit() {
    return Duration.ofSeconds(1);
  }

  @Override
  public Duration longestPost() {
    return Duration.ofSeconds(2);
  }

  @Override
  public URI uri() {
    return URI.create("http://receiver.test/api/v1/call-results");
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
  public void close() {
    // nothing to release
  }
}
