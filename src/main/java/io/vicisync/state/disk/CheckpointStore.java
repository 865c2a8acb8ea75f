package io.vicisync.state.disk;

import io.vicisync.VicisyncException;
import io.vicisync.state.Alias;
import io.vicisync.state.Checkpoint;
import io.vicisync.state.Checkpoints;
import io.vicisync.state.WatchEntry;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Reads and atomically replaces a call source's checkpoint ({@link StateDir#checkpoint}). */
public final class CheckpointStore implements Checkpoints {
  private static final long CURSOR_ONLY_EVERY_NANOS = 60_000_000_000L;

  private final Path file;
  private final Path watchFile;
  private final boolean resident;
  private byte[] watchOnDisk;
  private Checkpoint saved;
  private long savedNanos;
  private Checkpoint pending;

  // what the files hold, as bytes: an idle minute's checkpoint is compared without a record's
  // equals, whose first call costs a cron run more than the comparison saves
  private byte[] cpOnDisk;

  /** The watched calls and the renamed ids, in {@link StateDir#watch}. */
  public record Watched(List<WatchEntry> watch, List<Alias> aliases) {}

  /**
   * {@code file} and {@code watchFile}: where {@link StateDir#checkpoint} and {@code watch} say;
   * {@code resident}: see {@link #save}. Built by {@link Stores}.
   */
  CheckpointStore(Path file, Path watchFile, boolean resident) {
    this.file = file;
    this.watchFile = watchFile;
    this.resident = resident;
  }

  public Path file() {
    return file;
  }

  @Override
  public String name() {
    return file.toString();
  }

  /**
   * The saved checkpoint, or empty when there is none yet. A file that exists but cannot be read
   * stops the run: silently starting over would lose or repeat calls.
   */
  @Override
  public Optional<Checkpoint> load() {
    byte[] bytes = JsonFile.bytes(file, this::corrupt);
    Optional<Checkpoint> cp =
        bytes == null
            ? Optional.empty()
            : Optional.of(JsonFile.parse(bytes, Checkpoint.class, this::corrupt));
    if (cp.isPresent()
        && (cp.get().version() != Checkpoint.VERSION || cp.get().cursorEpoch() <= 0)) {
      throw corrupt("is not a version " + Checkpoint.VERSION + " checkpoint with a cursor");
    }
    if (cp.isEmpty()) {
      return cp;
    }
    Checkpoint c = cp.get();
    if (c.watch().isEmpty() && c.aliases().isEmpty()) {
      // written since the watch list has a file of its own (an older checkpoint holds it inline)
      Function<String, VicisyncException> damaged =
          why ->
              VicisyncException.config(
                  "watch list "
                      + watchFile
                      + " "
                      + why
                      + "; restore it, or move it aside: the calls it watched are then found"
                      + " again only where the overlap re-reads them");
      byte[] w = JsonFile.bytes(watchFile, damaged);
      watchOnDisk = w != null ? w : JsonFile.text(watchFile, NONE_WATCHED);
      if (w != null) {
        c = with(c, JsonFile.parse(w, Watched.class, damaged));
      }
    }
    cpOnDisk = bytes;
    return Optional.of(c);
  }

  private static Checkpoint with(Checkpoint c, Watched w) {
    return new Checkpoint(
        c.version(),
        c.cursorEpoch(),
        c.cursorLocal(),
        c.scan(),
        w.watch() == null ? List.of() : w.watch(),
        w.aliases() == null ? List.of() : w.aliases(),
        c.newestDeliveredEnd(),
        c.full());
  }

  /**
   * Saves {@code cp} (a file that already holds it is not written); in a {@link #resident} store,
   * one whose only change from the last saved is the cursor (a poll that read nothing new) is
   * written at most once a minute. An older cursor on disk is always safe: a restart re-reads a
   * little more, and the ledger keeps it from sending anything twice. This keeps a resident process
   * polling every few seconds from writing (and fsyncing) its checkpoint three times a poll.
   */
  @Override
  public void save(Checkpoint cp) {
    long now = System.nanoTime();
    if (resident
        && saved != null
        && now - savedNanos < CURSOR_ONLY_EVERY_NANOS
        && cp.watch().equals(saved.watch())
        && cp.aliases().equals(saved.aliases())
        && cp.newestDeliveredEnd() == saved.newestDeliveredEnd()
        && cp.cursorEpoch() >= saved.cursorEpoch()) {
      pending = cp;
      return;
    }
    write(cp, now);
  }

  /** Writes the checkpoint a {@link #save} put off, if any. */
  public void flush() {
    if (pending != null) {
      write(pending, System.nanoTime());
    }
  }

  /** Writes what changed: an idle dialer's minute finds the files saying it already. */
  private void write(Checkpoint cp, long now) {
    byte[] w = JsonFile.text(watchFile, new Watched(cp.watch(), cp.aliases()));
    if (!Arrays.equals(w, watchOnDisk)) {
      JsonFile.writeBytes(watchFile, w); // before the checkpoint that relies on it
      watchOnDisk = w;
    }
    byte[] c = JsonFile.text(file, with(cp, NONE_WATCHED));
    if (!Arrays.equals(c, cpOnDisk)) {
      JsonFile.writeBytes(file, c);
      cpOnDisk = c;
    }
    saved = cp;
    savedNanos = now;
    pending = null;
  }

  private static final Watched NONE_WATCHED = new Watched(List.of(), List.of());
}
