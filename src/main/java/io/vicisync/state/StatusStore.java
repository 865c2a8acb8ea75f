package io.vicisync.state;

import io.vicisync.VicisyncException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads and atomically replaces {@code status.json} in the state directory. */
public final class StatusStore {
  private final Path file;
  private RunStatus last;

  /** {@code file}: where {@link StateDir#status} says. */
  public StatusStore(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** The status, or empty when no run has recorded one yet. */
  public Optional<RunStatus> load() {
    return JsonFile.read(
        file,
        RunStatus.class,
        why ->
            VicisyncException.config(
                "status file "
                    + file
                    + " "
                    + why
                    + "; it only feeds status, check and metrics: move it"
                    + " aside and the next run starts a new one"));
  }

  /**
   * Records a finished run. A damaged status file is started afresh rather than failing the run: it
   * holds reports, not what the sync depends on.
   */
  public RunStatus record(String source, RunStatus.LastRun run) {
    RunStatus before = last;
    if (before == null) {
      try {
        before = load().orElse(RunStatus.empty());
      } catch (VicisyncException e) {
        before = RunStatus.empty();
      }
    }
    RunStatus after = before.with(source, run);
    JsonFile.writeReport(file, after);
    last = after; // follow records every poll: read the file once, not each time
    return after;
  }
}
