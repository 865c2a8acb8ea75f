package io.vicisync.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/** The API key check at start agrees with what the JDK's client would refuse at the first post. */
class HeaderValueTest {
  @Test
  void acceptsExactlyWhatTheHttpClientAccepts() {
    for (char c = 0; c < 0x200; c++) {
      String v = "key" + c + "end";
      boolean jdk;
      try {
        HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).header("x-api-key", v);
        jdk = true;
      } catch (IllegalArgumentException e) {
        jdk = false;
      }
      assertThat(CallPoster.headerValue(v)).as("U+%04X", (int) c).isEqualTo(jdk);
    }
  }
}
