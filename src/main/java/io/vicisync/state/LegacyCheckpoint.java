package io.vicisync.state;

import io.vicisync.VicisyncException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The position of process-call-results.pl, the Perl script vicisync replaces: one line of VICIdial
 * server local time, {@code YYYY-MM-DD HH:MM:SS}, in {@code /tmp/did-optimizer-last-check.txt}.
 */
public final class LegacyCheckpoint {
  private static final Pattern LOCAL = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");

  private LegacyCheckpoint() {}

  /** The local time it holds, or empty when there is no such file. */
  public static Optional<String> read(Path file) {
    String text;
    try {
      text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw VicisyncException.config("cannot read " + file + ", process-call-results.pl's"
          + " checkpoint (" + e + "); make it readable, or delete it to start --initial-lookback"
          + " minutes back");
    }
    if (!LOCAL.matcher(text).matches()) {
      throw VicisyncException.config(file + ", process-call-results.pl's checkpoint, "
          + (text.isEmpty() ? "is empty (that script rewrites it in place; a crash empties it)"
              : "holds '" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'")
          + ", not a time like 2026-11-20 14:05:00: write the time the old script last reached,"
          + " or delete the file to start --initial-lookback minutes back");
    }
    return Optional.of(text);
  }
}
