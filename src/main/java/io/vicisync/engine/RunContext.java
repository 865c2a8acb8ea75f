package io.vicisync.engine;

import io.vicisync.Deadline;
import io.vicisync.config.SyncSettings;
import io.vicisync.sink.Sender;
import io.vicisync.source.CallEnricher;
import io.vicisync.source.CallReader;
import io.vicisync.source.CallSource;
import io.vicisync.state.DeadLetterBox;
import io.vicisync.state.SentLedger;

/**
 * What the core works with, for one kind of call. Built by the composition root ({@code
 * jobs.Wiring}); a dry run differs only in its sender and a read-only ledger.
 *
 * @param deadline after it no post starts (--max-run-time; a stop signal)
 * @param otherLedger the other call source's sent ledger, read-only: an outbound call transferred
 *     to an in-group is one call with rows in both tables; null when there is none
 */
public record RunContext(
    SyncSettings settings,
    CallSource source,
    CallReader reader,
    Sender sender,
    SentLedger ledger,
    DeadLetterBox deadLetters,
    CallEnricher enricher,
    Events events,
    Deadline deadline,
    SentLedger otherLedger) {

  public RunContext(
      SyncSettings settings,
      CallSource source,
      CallReader reader,
      Sender sender,
      SentLedger ledger,
      DeadLetterBox deadLetters,
      CallEnricher enricher,
      Events events,
      Deadline deadline) {
    this(settings, source, reader, sender, ledger, deadLetters, enricher, events, deadline, null);
  }

  public long deadlineNanos() {
    return deadline.nanos();
  }

  public boolean dryRun() {
    return sender.dryRun();
  }
}
