package io.vicisync.state;

import io.vicisync.VicisyncException;
import java.util.Optional;

/**
 * How far the Perl script vicisync replaces had got: what a first run takes over, and whether it
 * may. {@code disk.LegacyCheckpoint} reads it from the script's file.
 */
public interface PerlPosition {
  /** No script ran here before (or not for this call source). */
  PerlPosition NONE = Optional::empty;

  /**
   * What the file says: a local time, or a uniqueid and the epoch second its call started.
   *
   * @param text as written
   * @param epoch null for a local time, which the database converts
   * @param where the file, for the take-over line
   */
  record Position(String text, Long epoch, String where) {
    /** Which script wrote it, for the take-over line. */
    public String script() {
      return epoch == null ? "process-call-results.pl" : "AST_DID_optimizer_sync.pl";
    }
  }

  /** The position, or empty when there is none. */
  Optional<Position> read();

  /**
   * Throws when the position cannot be taken over: in the future of the database's clock, or older
   * than the ledger remembers.
   */
  default void checkAge(Position p, long epoch, long nowEpoch, int ledgerDays) {
    if (epoch > nowEpoch + 300) {
      throw VicisyncException.config(
          p.where()
              + ", process-call-results.pl's checkpoint, says "
              + p.text()
              + ", which is in the future of the database's clock; calls up to then would"
              + " be skipped. Write the time the old script last reached, or delete the file to"
              + " start --initial-lookback minutes back");
    }
    if (epoch < nowEpoch - ledgerDays * 86_400L) {
      throw VicisyncException.config(
          p.where()
              + ", process-call-results.pl's checkpoint, says "
              + p.text()
              + ", more than ledger_days ("
              + ledgerDays
              + ") ago; taking it over would post"
              + " everything since. Delete the file to start --initial-lookback minutes back, and"
              + " send older calls deliberately with 'vicisync backfill --since …'");
    }
  }
}
