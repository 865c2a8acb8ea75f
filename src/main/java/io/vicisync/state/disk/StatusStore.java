package io.vicisync.state.disk;

import io.vicisync.VicisyncException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads and atomically replaces {@code status.json} in the state directory. A run that ends as the
 * one recorded before it did (an idle dialer's minute) does not rewrite the file for five minutes:
 * it sets the file's time instead, a cheap "a run happened" that {@link #load} reads back.
 */
public final class StatusStore {
  /** How long runs that change nothing leave the file as it is. */
  static final long STAMP_FOR_MILLIS = 5 * 60_000L;

  private final Path file;
  private RunStatus last;
  private boolean stamped;

  /** {@code file}: where {@link StateDir#status} says. */
  StatusStore(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /**
   * The status, or empty when no run has recorded one yet; the runs that only stamped the file
   * count as its last run (and, if it succeeded, its last success).
   */
  public Optional<RunStatus> load() {
    return read().map(s -> stampedRuns(s, modified()));
  }

  private Optional<RunStatus> read() {
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
        before = read().orElse(RunStatus.empty());
      } catch (VicisyncException e) {
        before = RunStatus.empty();
      }
    }
    RunStatus after = before.with(source, run);
    RunStatus.Source was = before.sources().get(source);
    long now = System.currentTimeMillis();
    long age = now - modified();
    stamped = was != null && run.sameOutcome(was.lastRun()) && age >= 0 && age < STAMP_FOR_MILLIS;
    if (stamped) {
      stamp(file, now);
      last = before; // what the file says: the next run compares with it, and counts from it
      return after;
    }
    JsonFile.writeReport(file, after);
    last = after; // follow records every poll: read the file once, not each time
    return after;
  }

  /** Whether the last {@link #record} only set the file's time. */
  public boolean stamped() {
    return stamped;
  }

  /** Sets {@code file}'s time to {@code millis}: "a run happened", without writing it. */
  public static void stamp(Path file, long millis) {
    try {
      Files.setLastModifiedTime(file, FileTime.fromMillis(millis));
    } catch (IOException e) {
      throw VicisyncException.unwritable(file, e);
    }
  }

  private long modified() {
    try {
      return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  /** {@code s} as the runs that stamped it at {@code stampMillis} would have written it. */
  static RunStatus stampedRuns(RunStatus s, long stampMillis) {
    Map<String, RunStatus.Source> all = new TreeMap<>();
    s.sources()
        .forEach(
            (name, src) -> {
              RunStatus.LastRun r = src.lastRun();
              long started = r == null ? 0 : stampMillis - r.durationMillis();
              if (r == null || started <= r.startedMillis() + 1000) {
                all.put(name, src);
                return;
              }
              all.put(
                  name,
                  new RunStatus.Source(
                      r.startedAt(started),
                      r.succeeded()
                          ? Math.max(started, src.lastSuccessMillis())
                          : src.lastSuccessMillis(),
                      src.totals(),
                      src.lastGaveUpMillis(),
                      r.succeeded()
                          ? src.lastFailureMillis()
                          : Math.max(started, src.lastFailureMillis()),
                      src.changedByHour()));
            });
    return new RunStatus(s.version(), all);
  }
}
