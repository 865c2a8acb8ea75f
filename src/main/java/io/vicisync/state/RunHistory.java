package io.vicisync.state;

import io.vicisync.VicisyncException;
import java.io.IOException;
import java.nio.file.Path;

/** {@code runs.jsonl}: one JSON line per run, for status pages and scripts. */
public final class RunHistory {
  private final Path file;

  /** {@code file}: where {@link StateDir#runs} says. */
  public RunHistory(Path file) {
    this.file = file;
  }

  public void append(RunStatus.LastRun run) {
    try {
      SafeFiles.appendLine(
          file, new String(RecordJson.write(run, false), java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw VicisyncException.unwritable(file, e);
    }
  }
}
