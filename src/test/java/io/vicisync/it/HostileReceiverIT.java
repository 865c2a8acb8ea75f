package io.vicisync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.it.Receiver.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Receivers that lie: only the DID Optimizer's real acknowledgement counts as delivered, and no
 * answer, however large, slow or strange, keeps a run (and its lock) alive.
 */
class HostileReceiverIT extends ViciTest {

  @Test
  void aWebPageAnswering200DeliversNothingAndStopsWith78() throws Exception {
    vici.insertFinished(30, "1700000301.");
    receiver.script(
        (n, b) ->
            new Reply(
                200,
                "<!DOCTYPE html><html><head><title>Welcome to" + " nginx!</title></head></html>",
                Map.of("Content-Type", "text/html")));

    Vici.Result r = vici.run("run");

    assertThat(r.exit()).isEqualTo(78);
    assertThat(r.err())
        .contains("with a web page, not the DID Optimizer API")
        .contains("Welcome to nginx")
        .contains("api_base_url")
        .doesNotContain("Exception")
        .hasLineCount(1);
    receiver.script((n, b) -> null);
    assertThat(vici.run("run").exit()).isZero();
    assertThat(receiver.countByUniqueid())
        .as("none was counted delivered by the web page")
        .hasSize(30);
    assertThat(receiver.countByUniqueid().values()).containsOnly(1);
  }

  @Test
  void anEmptyOrUnsuccessfulOkIsNotAnAcknowledgement() throws Exception {
    vici.insertFinished(20, "1700000302.");
    for (String body : List.of("", "{\"success\":false,\"error\":\"db down\"}", "OK")) {
      receiver.script((n, b) -> new Reply(200, body, Map.of()));
      Vici.Result r = vici.run("run");
      assertThat(r.exit()).as("answer %s", body).isEqualTo(75);
      assertThat(r.err())
          .contains("without the API's acknowledgement")
          .contains("nothing was skipped");
    }
    receiver.script((n, b) -> null);
    assertThat(vici.run("run").exit()).isZero();
    assertThat(receiver.countByUniqueid()).as("none was counted delivered before").hasSize(20);

    long now = vici.dbNow();
    for (int i = 0; i < 10; i++) {
      vici.insert(new Vici.Call("1700000312." + i, vici.local(now - 100 + i), now - 100 + i));
    }
    receiver.script((n, b) -> new Reply(409, "{\"success\":false}", Map.of()));
    assertThat(vici.run("run").exit())
        .as("409 success:false, as a proxy answering 409 to everything: not a delivery")
        .isEqualTo(75);
    receiver.script((n, b) -> new Reply(409, "{\"error\":\"duplicate\"}", Map.of()));
    assertThat(vici.run("run").exit()).as("409: the receiver has it").isZero();
    int after409 = receiver.requests();
    receiver.script((n, b) -> null);
    assertThat(vici.run("run").exit()).isZero();
    assertThat(receiver.requests()).as("nothing posted again after the 409s").isEqualTo(after409);
  }

  @Test
  void aRedirectIsAConfigurationErrorNamingTheNewPlaceAndIsNotRetried() throws Exception {
    vici.insertFinished(5, "1700000303.");
    receiver.script(
        (n, b) ->
            new Reply(301, "", Map.of("Location", "https://did.example.com/api/v1/call-results")));

    Vici.Result r = vici.run("run");

    assertThat(r.exit()).isEqualTo(78);
    assertThat(r.err())
        .contains("HTTP 301")
        .contains("https://did.example.com/api/v1/call-results")
        .contains("api_base_url");
    assertThat(receiver.requests()).as("a move is not temporary").isLessThanOrEqualTo(16);
    assertThat(Files.readString(vici.checkpoint())).doesNotContain("1700000303.4");
  }

  @Test
  void aHugeErrorPageNeverHangsARunIn64Mb() throws Exception {
    vici.insertFinished(200, "1700000304.");
    String page = "<html>" + "x".repeat(6 * 1024 * 1024) + "</html>";
    receiver.script((n, b) -> new Reply(500, page, Map.of("Content-Type", "text/html")));

    Process p = vici.start(List.of("-Xmx64m"), "run", "--max-run-time", "60");
    boolean ended = p.waitFor(90, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }

    assertThat(ended).as("the run ended by itself").isTrue();
    assertThat(p.exitValue()).isEqualTo(75);
    receiver.script((n, b) -> null);
    assertThat(vici.run("run").exit()).as("the lock was released").isZero();
    assertThat(receiver.countByUniqueid()).hasSize(200);
    assertThat(receiver.countByUniqueid().values()).containsOnly(1);
  }

  @Test
  void aReceiverThatSendsHeadersAndThenStallsCannotHoldTheRun() throws Exception {
    vici.insertFinished(10, "1700000305.");
    try (Staller staller = new Staller()) {
      vici.receiverUrl(staller.url());
      long t0 = System.nanoTime();
      Vici.Result r = vici.run("run", "--max-run-time", "6");
      long took = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);

      assertThat(r.exit()).isEqualTo(75);
      assertThat(r.err()).contains("no answer within");
      // api_timeout 2 s: an attempt may last 2 x 2 + 1 s; the run's 6 s, plus one attempt
      assertThat(took).as("seconds the run took").isLessThanOrEqualTo(6 + 5 + 3);
    }
    vici.receiverUrl(receiver.url());
    assertThat(vici.run("run").exit()).isZero();
    assertThat(receiver.countByUniqueid()).hasSize(10);
  }

  @Test
  void aRateLimitWindowIsKeptAcrossRunsWhichPostNothingAndStayQuiet() throws Exception {
    vici.insertFinished(10, "1700000306.");
    receiver.script(
        (n, b) ->
            new Reply(429, "{\"error\":\"Too many requests\"}", Map.of("Retry-After", "3600")));

    Vici.Result first = vici.run("run");
    assertThat(first.exit()).isEqualTo(75);
    assertThat(first.err()).contains("rate-limiting").contains("in 3600 s");
    int sent = receiver.requests();
    assertThat(sent)
        .as("one post per worker at most, no retry into the limiter")
        .isLessThanOrEqualTo(16);

    for (int i = 0; i < 3; i++) {
      Vici.Result later = vici.run("run");
      assertThat(later.exit()).isEqualTo(75);
      assertThat(later.out() + later.err()).isEmpty();
    }
    assertThat(receiver.requests()).as("nothing posted inside the window").isEqualTo(sent);
    assertThat(vici.log()).contains("the receiver is rate-limiting this server until");
    Vici.Result status = vici.run("status");
    assertThat(status.out()).contains("rate-limiting");
  }

  /** Sends a 200's headers promising a body, then nothing, and never closes. */
  static final class Staller implements AutoCloseable {
    private final ServerSocket server;
    private final Thread thread;

    Staller() throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      thread = new Thread(this::serve, "staller");
      thread.setDaemon(true);
      thread.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void serve() {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          Thread t = new Thread(() -> stall(s));
          t.setDaemon(true);
          t.start();
        } catch (IOException closed) {
          return;
        }
      }
    }

    private static void stall(Socket s) {
      try (s) {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        in.read(buf); // the request (small enough for one read)
        OutputStream out = s.getOutputStream();
        out.write(
            ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n"
                    + "\r\n{\"succ")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread.sleep(120_000);
      } catch (IOException | InterruptedException done) {
        // the client hung up, or the test is over
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
