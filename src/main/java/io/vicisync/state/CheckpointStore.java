package io.vicisync.state;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vicisync.VicisyncException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads and atomically replaces {@code checkpoint.json} in the state directory. */
public final class CheckpointStore {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path file;

  public CheckpointStore(Path stateDir) {
    this.file = stateDir.resolve("checkpoint.json");
  }

  public Path file() {
    return file;
  }

  /**
   * The saved checkpoint, or empty when there is none yet. A file that exists but cannot be read
   * stops the run: silently starting over would lose or repeat calls.
   */
  public Optional<Checkpoint> load() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw corrupt("cannot be read (" + e + ")");
    }
    Checkpoint cp;
    try {
      cp = JSON.readValue(bytes, Checkpoint.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw corrupt("is not a valid checkpoint (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw corrupt("cannot be read (" + e + ")");
    }
    if (cp == null || cp.version() != Checkpoint.VERSION || cp.cursorEpoch() <= 0) {
      throw corrupt("is not a version " + Checkpoint.VERSION + " checkpoint with a cursor");
    }
    return Optional.of(cp);
  }

  public void save(Checkpoint cp) {
    try {
      AtomicFile.write(file, JSON.writeValueAsBytes(cp));
    } catch (IOException e) {
      throw VicisyncException.config(
          "cannot write checkpoint " + file + " (" + e + "); check the state directory's"
              + " permissions and free space");
    }
  }

  private VicisyncException corrupt(String why) {
    return VicisyncException.config(
        "checkpoint " + file + " " + why + "; vicisync will not restart from scratch on its own:"
            + " restore the file, or move it aside to start --initial-lookback minutes back");
  }
}
