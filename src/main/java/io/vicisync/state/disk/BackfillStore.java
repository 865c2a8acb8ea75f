package io.vicisync.state.disk;

import io.vicisync.VicisyncException;
import io.vicisync.state.BackfillProgress;
import io.vicisync.state.BackfillState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@code backfill.json} in the state directory: present only while a backfill is unfinished. */
public final class BackfillStore implements BackfillProgress {
  private final Path file;

  /** {@code file}: where {@link StateDir#backfill} says. */
  BackfillStore(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  @Override
  public Optional<BackfillState> load() {
    return JsonFile.read(
        file,
        BackfillState.class,
        why ->
            VicisyncException.config(
                "backfill progress "
                    + file
                    + " "
                    + why
                    + "; delete it to start the backfill over (calls"
                    + " already delivered are not sent again)"));
  }

  @Override
  public void save(BackfillState state) {
    JsonFile.write(file, state);
  }

  @Override
  public void clear() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw VicisyncException.config("cannot delete " + file + " (" + e + "); delete it by hand");
    }
  }
}
