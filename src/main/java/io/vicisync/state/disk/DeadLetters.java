package io.vicisync.state.disk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vicisync.Json;
import io.vicisync.VicisyncException;
import io.vicisync.state.DeadLetterBox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code dead-letters.jsonl}: calls the receiver refused for good (400, 413, 422), one JSON line
 * each with the exact payload, the HTTP status and the receiver's answer, to replay once fixed.
 */
public final class DeadLetters implements DeadLetterBox {
  private final Path file;

  /** {@code file}: where {@link StateDir#deadLetters} says. */
  DeadLetters(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /**
   * One refused call: when (DB epoch), the HTTP status and answer, and the exact payload.
   *
   * @param source the call source's name (outbound in files written before it was recorded)
   * @param key what the source's ledger knows the row by: the uniqueid, or an inbound row's
   *     closecallid
   * @param uniqueid the uniqueid it was posted as
   */
  public record Entry(
      long at,
      String source,
      String key,
      String uniqueid,
      int status,
      String answer,
      JsonNode payload) {}

  /**
   * How many entries there are, counted by lines without parsing them: status, check and metrics
   * only need the number, and a damaged line is {@code list}'s to report.
   */
  public int count() {
    if (!Files.exists(file)) {
      return 0;
    }
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return (int) lines.filter(l -> !l.isBlank()).count();
    } catch (IOException | UncheckedIOException e) {
      throw VicisyncException.config("cannot read " + file + " (" + e + "); check its permissions");
    }
  }

  /** An entry's source, as the file's lines begin (written in the record's order). */
  private static final Pattern SOURCE =
      Pattern.compile("^\\{\"at\":\\d+,\"source\":\"([a-z]{1,20})\"");

  /**
   * {@link #count()} by source, for the metrics, still without parsing: a line that does not begin
   * as the file's lines do (written before letters had a source, when outbound was the only one)
   * counts as outbound.
   */
  public Map<String, Integer> countBySource() {
    Map<String, Integer> by = new TreeMap<>();
    if (!Files.exists(file)) {
      return by;
    }
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      lines
          .filter(l -> !l.isBlank())
          .forEach(
              l -> {
                var m = SOURCE.matcher(l);
                by.merge(m.find() ? m.group(1) : "outbound", 1, Integer::sum);
              });
      return by;
    } catch (IOException | UncheckedIOException e) {
      throw VicisyncException.config("cannot read " + file + " (" + e + "); check its permissions");
    }
  }

  /** Every entry, oldest first; a line that cannot be read stops with its number. */
  public List<Entry> list() {
    List<String> lines;
    try {
      lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw VicisyncException.config("cannot read " + file + " (" + e + "); check its permissions");
    }
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      try {
        JsonNode n = Json.MAPPER.readTree(lines.get(i));
        if (n == null || !n.hasNonNull("uniqueid") || !n.has("payload")) {
          throw new IOException("no uniqueid or payload");
        }
        String uniqueid = n.get("uniqueid").asText();
        out.add(
            new Entry(
                n.path("at").asLong(),
                n.path("source").asText("outbound"),
                n.path("key").asText(uniqueid),
                uniqueid,
                n.path("status").asInt(),
                n.path("answer").asText(""),
                n.get("payload")));
      } catch (IOException e) {
        throw VicisyncException.config(
            file
                + " line "
                + (i + 1)
                + " is not a dead letter ("
                + e.getMessage()
                + "); fix or delete that line");
      }
    }
    return out;
  }

  /** Replaces the file with {@code keep}, atomically: a crash leaves the old list or the new. */
  public synchronized void rewrite(List<Entry> keep) {
    try {
      StringBuilder sb = new StringBuilder();
      for (Entry e : keep) {
        sb.append(line(e)).append('\n');
      }
      AtomicFile.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw VicisyncException.unwritable(file, e);
    }
  }

  /** Appends a refused call; {@code payloadJson} as it was posted. */
  @Override
  public synchronized void add(
      long atEpoch,
      String source,
      String key,
      String uniqueid,
      int status,
      String answer,
      byte[] payloadJson) {
    try {
      String line =
          line(
              new Entry(
                  atEpoch,
                  source,
                  key,
                  uniqueid,
                  status,
                  answer,
                  Json.MAPPER.readTree(payloadJson)));
      SafeFiles.appendLine(file, line);
    } catch (IOException e) {
      throw VicisyncException.unwritable(file, e);
    }
  }

  private static String line(Entry e) throws JsonProcessingException {
    ObjectNode line = Json.MAPPER.createObjectNode();
    line.put("at", e.at());
    line.put("source", e.source());
    line.put("key", e.key());
    line.put("uniqueid", e.uniqueid());
    line.put("status", e.status());
    line.put("answer", e.answer());
    line.set("payload", e.payload());
    return Json.MAPPER.writeValueAsString(line);
  }
}
