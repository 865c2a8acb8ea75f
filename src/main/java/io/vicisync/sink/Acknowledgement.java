package io.vicisync.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.vicisync.Json;
import io.vicisync.Text;
import io.vicisync.sink.PostResult.Outcome;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What a 2xx answer means. Only the DID Optimizer's own acknowledgement, a JSON object with {@code
 * "success": true}, says a call was stored: a wrong port, a proxy's maintenance page or a web app
 * answering every path with 200 would otherwise "deliver" every call into nothing.
 */
final class Acknowledgement {
  private Acknowledgement() {}

  static Outcome of(HttpHeaders headers, byte[] body, boolean cut) {
    if (!cut) {
      try {
        JsonNode n = Json.MAPPER.readTree(body);
        if (n != null
            && n.isObject()
            && n.path("success").isBoolean()
            && n.get("success").booleanValue()) {
          return Outcome.DELIVERED;
        }
      } catch (IOException notJson) {
        // classified below
      }
    }
    String type = headers.firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    String text = new String(body, StandardCharsets.UTF_8).stripLeading();
    return type.contains("html") || text.startsWith("<")
        ? Outcome.NOT_THE_API
        : Outcome.NOT_ACKNOWLEDGED;
  }

  /**
   * What a 409 means: "I have it already" is a delivery, but not from whatever cannot be the API
   * saying so: a web page, or a body that says {@code "success": false} (a proxy answering 409 to
   * everything would otherwise "deliver" every call into nothing).
   */
  static Outcome ofConflict(HttpHeaders headers, byte[] body, boolean cut) {
    Outcome ack = of(headers, body, cut);
    if (ack == Outcome.DELIVERED || ack == Outcome.NOT_THE_API) {
      return ack;
    }
    try {
      JsonNode n = Json.MAPPER.readTree(body);
      if (n != null && n.isObject() && n.path("success").isBoolean()) {
        return Outcome.NOT_ACKNOWLEDGED; // success: false
      }
    } catch (IOException notJson) {
      // a plain "duplicate" is what a receiver that has the call says
    }
    return Outcome.DELIVERED;
  }

  /** The answer for a log line: white space folded, control characters escaped, cut short. */
  static String text(byte[] body, boolean cut, int max) {
    String s = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
    if (s.isEmpty()) {
      return cut ? "(a large answer)" : "(an empty answer)";
    }
    return Text.oneLine(s, max) + (cut && s.length() <= max ? "…" : "");
  }
}
