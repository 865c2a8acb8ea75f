package io.vicisync.state;

import java.util.Optional;

/**
 * Where a backfill keeps how far it got, so that the same request resumes after a crash. {@code
 * BackfillStore} keeps it on disk.
 */
public interface BackfillProgress {
  /** The unfinished backfill, if any. */
  Optional<BackfillState> load();

  void save(BackfillState state);

  /** The backfill finished. */
  void clear();
}
