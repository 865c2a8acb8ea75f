package io.vicisync.engine;

import io.vicisync.config.SyncSettings;
import io.vicisync.log.Privacy;
import io.vicisync.log.RunLog;
import io.vicisync.sink.CallPoster;
import io.vicisync.source.CallTable;
import io.vicisync.source.Enricher;
import io.vicisync.source.VicidialSource;
import io.vicisync.state.CheckpointStore;
import io.vicisync.state.DeadLetters;
import io.vicisync.state.Ledger;
import java.io.PrintStream;

/**
 * Everything one run works with, built by the CLI. A dry run has no poster and no dead letters, a
 * read-only ledger, and prints to {@code dryRunOut}.
 *
 * @param deadlineNanos {@link System#nanoTime()} at which --max-run-time is up
 * @param table where the calls come from: vicidial_log (outbound) or vicidial_closer_log
 * @param enricher adds caller ID and carrier result to calls about to be posted; null: off
 */
public record RunContext(
    SyncSettings settings,
    VicidialSource source,
    CallPoster poster,
    Ledger ledger,
    CheckpointStore checkpoints,
    DeadLetters deadLetters,
    RunLog log,
    Privacy privacy,
    PrintStream dryRunOut,
    long deadlineNanos,
    Enricher enricher,
    CallTable table) {

  /** The enricher the settings ask for: it tells the log once when a table cannot be read. */
  static Enricher enricher(SyncSettings s, VicidialSource source, RunLog log) {
    return s.enrich() ? new Enricher(source, log::info) : null;
  }

  EncodedCall.Direction direction() {
    return table == CallTable.CLOSER ? EncodedCall.Direction.INBOUND
        : EncodedCall.Direction.OUTBOUND;
  }

  public boolean dryRun() {
    return poster == null;
  }
}
