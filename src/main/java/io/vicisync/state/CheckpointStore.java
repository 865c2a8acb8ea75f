package io.vicisync.state;

import io.vicisync.VicisyncException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads and atomically replaces a call source's checkpoint ({@link StateDir#checkpoint}). */
public final class CheckpointStore implements Checkpoints {
  private static final long CURSOR_ONLY_EVERY_NANOS = 60_000_000_000L;

  private final Path file;
  private final Path watchFile;
  private final boolean resident;
  private Watched watchOnDisk;
  private Checkpoint saved;
  private long savedNanos;
  private Checkpoint pending;
  private Checkpoint onDisk;

  /** The watched calls and the renamed ids, in {@link StateDir#watch}. */
  public record Watched(List<WatchEntry> watch, List<Alias> aliases) {}

  /**
   * {@code file} and {@code watchFile}: where {@link StateDir#checkpoint} and {@code watch} say.
   */
  public CheckpointStore(Path file, Path watchFile) {
    this(file, watchFile, false);
  }

  private CheckpointStore(Path file, Path watchFile, boolean resident) {
    this.file = file;
    this.watchFile = watchFile;
    this.resident = resident;
  }

  /** The checkpoint of {@code source} in {@code state}. */
  public static CheckpointStore of(StateDir state, io.vicisync.source.CallSource source) {
    return new CheckpointStore(state.checkpoint(source), state.watch(source));
  }

  /**
   * For a process that polls every few seconds and stays up: see {@link #save}; it calls {@link
   * #flush} before it lets go.
   */
  public static CheckpointStore resident(StateDir state, io.vicisync.source.CallSource source) {
    return new CheckpointStore(state.checkpoint(source), state.watch(source), true);
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
    Optional<Checkpoint> cp = JsonFile.read(file, Checkpoint.class, this::corrupt);
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
      Optional<Watched> w =
          JsonFile.read(
              watchFile,
              Watched.class,
              why ->
                  VicisyncException.config(
                      "watch list "
                          + watchFile
                          + " "
                          + why
                          + "; restore it, or move it aside: the calls it watched are then found"
                          + " again only where the overlap re-reads them"));
      watchOnDisk = w.orElse(new Watched(List.of(), List.of()));
      if (w.isPresent()) {
        c = with(c, w.get());
      }
    }
    onDisk = c;
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
   * Saves {@code cp}, unless the file already holds exactly it; and in a {@link #resident} store,
   * one whose only change from the last saved is the cursor (a poll that read nothing new) is
   * written at most once a minute. An older cursor on disk is always safe: a restart re-reads a
   * little more, and the ledger keeps it from sending anything twice. This keeps a resident process
   * polling every few seconds from writing (and fsyncing) its checkpoint three times a poll.
   */
  @Override
  public void save(Checkpoint cp) {
    if (cp.equals(onDisk)) {
      pending = null; // an idle dialer's minute: the file already says this, fsync and all
      return;
    }
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

  private void write(Checkpoint cp, long now) {
    Watched w = new Watched(cp.watch(), cp.aliases());
    if (!w.equals(watchOnDisk)) {
      JsonFile.write(watchFile, w); // before the checkpoint that relies on it
      watchOnDisk = w;
    }
    JsonFile.write(file, with(cp, new Watched(List.of(), List.of())));
    saved = cp;
    onDisk = cp;
    savedNanos = now;
    pending = null;
  }
}
