package io.vicisync.state.disk;

import io.vicisync.VicisyncException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@code trouble.json}: the trouble cron was last told of, while it lasts. */
public final class TroubleStore {
  /**
   * A trouble that lasts.
   *
   * @param kind what makes two runs' troubles the same (their exit code and the gist of the line)
   * @param line the line cron was told
   * @param sinceMillis when it began
   * @param saidMillis when it was last said
   * @param mailed said to cron (which mails it); false: only to the log (not configured yet)
   */
  public record Trouble(
      String kind, String line, long sinceMillis, long saidMillis, boolean mailed) {}

  private final Path file;

  /** {@code file}: where {@link StateDir#trouble} says. */
  TroubleStore(Path file) {
    this.file = file;
  }

  /** The trouble, if one lasts; a damaged file is no trouble (it only spares cron's mail). */
  public Optional<Trouble> load() {
    try {
      return JsonFile.read(file, Trouble.class, VicisyncException::config);
    } catch (VicisyncException e) {
      return Optional.empty();
    }
  }

  public void save(Trouble t) {
    JsonFile.writeReport(file, t);
  }

  /** The trouble is over. */
  public void clear() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw VicisyncException.unwritable(file, e);
    }
  }
}
