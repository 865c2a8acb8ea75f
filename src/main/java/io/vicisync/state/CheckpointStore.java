package io.vicisync.state;

import io.vicisync.VicisyncException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads and atomically replaces {@code checkpoint.json} in the state directory. */
public final class CheckpointStore {
  private final Path file;

  public CheckpointStore(Path stateDir) {
    this(stateDir, "");
  }

  /** {@code suffix}: "" for outbound calls' checkpoint.json, "-inbound" for inbound calls'. */
  public CheckpointStore(Path stateDir, String suffix) {
    this.file = stateDir.resolve("checkpoint" + suffix + ".json");
  }

  public Path file() {
    return file;
  }

  /**
   * The saved checkpoint, or empty when there is none yet. A file that exists but cannot be read
   * stops the run: silently starting over would lose or repeat calls.
   */
  public Optional<Checkpoint> load() {
    Optional<Checkpoint> cp = JsonFile.read(file, Checkpoint.class, this::corrupt);
    if (cp.isPresent() && (cp.get().version() != Checkpoint.VERSION || cp.get().cursorEpoch() <= 0)) {
      throw corrupt("is not a version " + Checkpoint.VERSION + " checkpoint with a cursor");
    }
    return cp;
  }

  public void save(Checkpoint cp) {
    JsonFile.write(file, cp);
  }

  private VicisyncException corrupt(String why) {
    return VicisyncException.config(
        "checkpoint " + file + " " + why + "; vicisync will not restart from scratch on its own:"
            + " restore the file, or move it aside to start --initial-lookback minutes back");
  }
}
