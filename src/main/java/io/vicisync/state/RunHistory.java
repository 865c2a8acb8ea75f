package io.vicisync.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vicisync.Json;
import io.vicisync.VicisyncException;
import java.io.IOException;
import java.nio.file.Path;

/** {@code runs.jsonl}: one JSON line per run, for status pages and scripts. */
public final class RunHistory {
  private static final ObjectMapper JSON = Json.MAPPER;
  private final Path file;

  /** {@code file}: where {@link StateDir#runs} says. */
  public RunHistory(Path file) {
    this.file = file;
  }

  public void append(RunStatus.LastRun run) {
    try {
      SafeFiles.appendLine(file, JSON.writeValueAsString(run));
    } catch (IOException e) {
      throw VicisyncException.unwritable(file, e);
    }
  }
}
