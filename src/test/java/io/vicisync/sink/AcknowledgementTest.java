package io.vicisync.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vicisync.sink.PostResult.Outcome;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AcknowledgementTest {
  private static final HttpHeaders JSON = headers("application/json; charset=utf-8");

  private static HttpHeaders headers(String type) {
    return HttpHeaders.of(Map.of("Content-Type", List.of(type)), (a, b) -> true);
  }

  private static Outcome of(HttpHeaders h, String body) {
    return Acknowledgement.of(h, body.getBytes(StandardCharsets.UTF_8), false);
  }

  @Test
  void onlyTheApisOwnSuccessTrueIsDelivered() {
    assertThat(of(JSON, "{\"success\":true,\"message\":\"Call result recorded\"}"))
        .isEqualTo(Outcome.DELIVERED);
    assertThat(of(JSON, "{\"success\":\"true\"}")).isEqualTo(Outcome.NOT_ACKNOWLEDGED);
    assertThat(of(JSON, "{\"success\":false}")).isEqualTo(Outcome.NOT_ACKNOWLEDGED);
    assertThat(of(JSON, "")).isEqualTo(Outcome.NOT_ACKNOWLEDGED);
    assertThat(of(JSON, "[{\"success\":true}]")).isEqualTo(Outcome.NOT_ACKNOWLEDGED);
    assertThat(of(JSON, "OK")).isEqualTo(Outcome.NOT_ACKNOWLEDGED);
  }

  @Test
  void aWebPageIsPlainlyNotTheApi() {
    assertThat(of(headers("text/html"), "maintenance")).isEqualTo(Outcome.NOT_THE_API);
    assertThat(of(JSON, "  <!doctype html><html>")).isEqualTo(Outcome.NOT_THE_API);
  }

  @Test
  void aCutAnswerIsNeverAnAcknowledgement() {
    byte[] body = "{\"success\":true}".getBytes(StandardCharsets.UTF_8);
    assertThat(Acknowledgement.of(JSON, body, true)).isEqualTo(Outcome.NOT_ACKNOWLEDGED);
  }

  @Test
  void theAnswerForALogLineIsOneEscapedLine() {
    assertThat(
            Acknowledgement.text(
                "<h1>Bad\n\u001b[31mGateway</h1>\n".getBytes(StandardCharsets.UTF_8), false, 100))
        .isEqualTo("<h1>Bad \\x1b[31mGateway</h1>");
    assertThat(Acknowledgement.text(new byte[0], false, 100)).isEqualTo("(an empty answer)");
    assertThat(Acknowledgement.text("x".repeat(500).getBytes(StandardCharsets.UTF_8), false, 10))
        .isEqualTo("xxxxxxxxxx…");
  }
}
