package io.vicisync.sink;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Keeps at most {@code limit} bytes of an answer and then hangs up. The receiver's real answers are
 * a few hundred bytes; an error page of megabytes, sixteen at once, would otherwise fill a 64 MB
 * heap inside the HTTP client's own threads, where nobody sees it fail.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<BoundedBody.Head> {
  /** What was kept; {@code cut}: the answer went on past the limit. */
  record Head(byte[] bytes, boolean cut) {}

  static HttpResponse.BodyHandler<Head> handler(int limit) {
    return info -> new BoundedBody(limit);
  }

  private final int limit;
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private final CompletableFuture<Head> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  private BoundedBody(int limit) {
    this.limit = limit;
  }

  @Override
  public CompletionStage<Head> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    for (ByteBuffer b : items) {
      int take = Math.min(b.remaining(), limit - kept.size());
      byte[] chunk = new byte[take];
      b.get(chunk);
      kept.write(chunk, 0, take);
      if (b.hasRemaining()) {
        // past the limit: stop reading (the connection is closed, not reused)
        subscription.cancel();
        result.complete(new Head(kept.toByteArray(), true));
        return;
      }
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    result.complete(new Head(kept.toByteArray(), false));
  }
}
