package io.vicisync.cli;

import io.vicisync.ExitCode;
import io.vicisync.VicisyncException;
import io.vicisync.jobs.CallDateRange;
import io.vicisync.jobs.DidsJob;
import io.vicisync.ops.DidTally;
import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "dids",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "The truth per DID, from VICIdial itself: for each caller ID presented (the same DID the"
          + " posts' phoneNumber carries) the finished calls of a range (by call_date, the"
          + " VICIdial server's local time; default: the last 24 hours), what the DID Optimizer"
          + " counts them as (answered, busy, no answer, failed, dropped: its own mapping), the"
          + " answer rate, machine or human where AMD ran, VICIdial's drops, the average talk"
          + " time, the sales (statuses VICIdial flags sale), and how many the optimizer"
          + " acknowledged (the sent ledger); the calls without a DID last.",
      "",
      "Reads the call log by its call_date index a slice at a time, and the dial, carrier, AMD"
          + " and agent logs by indexed lookups; posts nothing, changes nothing.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  vicisync dids                                  # the last 24 hours, busiest DID first",
      "  vicisync dids --minutes 60 --sort answer_rate   # the last hour, best answer rate first",
      "  vicisync dids --since \"2026-11-20 00:00\" --until \"2026-11-21 00:00\" --campaign SALES --json"
    })
final class DidsCommand extends SettingsCommand {
  @Mixin RangeOptions range = new RangeOptions();

  @Option(names = "--campaign", paramLabel = "ID", description = "Only this campaign's calls.")
  String campaign;

  @Option(
      names = "--sort",
      paramLabel = "COLUMN",
      description =
          "did, calls (default), answered, busy, no_answer, failed, dropped, answer_rate, machine,"
              + " human, drops, avg_talk, sales or acknowledged: largest first.")
  String sort = "calls";

  @Option(names = "--json", description = "One JSON array, for scripts.")
  boolean json;

  @Mixin SourceOption source = new SourceOption();

  DidsCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    super(env, out, err);
  }

  @Override
  public Integer call() {
    if (!DidTally.sortColumns().contains(sort)) {
      throw new VicisyncException(
          ExitCode.USAGE,
          "--sort " + sort + ": sort by one of " + String.join(", ", DidTally.sortColumns()));
    }
    CallDateRange r =
        range.since == null && range.minutes == null
            ? new CallDateRange(null, range.until, 1440)
            : range.range();
    return new DidsJob(settings(false), out, err).run(r, campaign, sort, json).code();
  }
}
