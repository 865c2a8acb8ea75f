package io.vicisync.engine;

import io.vicisync.Deadline;
import io.vicisync.config.SyncSettings;
import io.vicisync.sink.Sender;
import io.vicisync.source.CallEnricher;
import io.vicisync.source.CallReader;
import io.vicisync.source.CallSource;
import io.vicisync.state.DeadLetters;
import io.vicisync.state.SentLedger;

/**
 * What the core works with, for one kind of call. Built by the composition root ({@code
 * jobs.Wiring}); a dry run differs only in its sender and a read-only ledger.
 *
 * @param deadline after it no post starts (--max-run-time; a stop signal)
 */
public record RunContext(
    SyncSettings settings,
    CallSource source,
    CallReader reader,
    Sender sender,
    SentLedger ledger,
    DeadLetters deadLetters,
    CallEnricher enricher,
    Events events,
    Deadline deadline) {

  public long deadlineNanos() {
    return deadline.nanos();
  }

  public boolean dryRun() {
    return sender.dryRun();
  }
}
