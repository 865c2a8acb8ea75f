package io.vicisync.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vicisync.VicisyncException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code dead-letters.jsonl}: calls the receiver refused for good (400, 413, 422), one JSON line
 * each with the exact payload, the HTTP status and the receiver's answer, to replay once fixed.
 */
public final class DeadLetters {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;

  public DeadLetters(Path stateDir) {
    this.file = stateDir.resolve("dead-letters.jsonl");
  }

  public Path file() {
    return file;
  }

  public synchronized void add(
      long atEpoch, String uniqueid, int status, String answer, byte[] payloadJson) {
    try {
      ObjectNode line = JSON.createObjectNode();
      line.put("at", atEpoch);
      line.put("uniqueid", uniqueid);
      line.put("status", status);
      line.put("answer", answer);
      line.set("payload", JSON.readTree(payloadJson));
      Files.write(file, (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw VicisyncException.config(
          "cannot append to " + file + " (" + e + "); check the state directory");
    }
  }
}
