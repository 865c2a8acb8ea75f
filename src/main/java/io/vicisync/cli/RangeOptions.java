package io.vicisync.cli;

import io.vicisync.jobs.CallDateRange;
import picocli.CommandLine.Option;

/** A range of call_date, for the commands that look back: backfill and reconcile. */
final class RangeOptions {
  @Option(
      names = "--since",
      paramLabel = "\"YYYY-MM-DD HH:MM[:SS]\"",
      description = "First call_date to include (the VICIdial server's local time).")
  String since;

  @Option(
      names = "--until",
      paramLabel = "\"YYYY-MM-DD HH:MM[:SS]\"",
      description = "End of the range, not included. Default: now.")
  String until;

  @Option(
      names = "--minutes",
      paramLabel = "N",
      description = "The last N minutes, instead of --since.")
  Integer minutes;

  CallDateRange range() {
    return new CallDateRange(since, until, minutes);
  }
}
