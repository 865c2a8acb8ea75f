package io.vicisync.cli;

import io.vicisync.config.Settings;
import io.vicisync.jobs.CallDateRange;
import io.vicisync.jobs.ReconcileJob;
import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "For each hour of a range (by call_date, the VICIdial server's local time): the finished"
          + " calls VICIdial has, and how many the receiver got as they are now (delivered),"
          + " refused (dead), not final yet (held), not reached by the run yet (pending), never"
          + " got (missing), or got before an admin changed them (stale). Hours with a gap are"
          + " marked.",
      "",
      "Exits 0 when nothing is missing or stale, 1 when something is. Changes nothing unless"
          + " --resend-missing is given.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  vicisync reconcile --since \"2026-11-20 00:00\" --until \"2026-11-21 00:00\"   # yesterday",
      "  vicisync reconcile --minutes 1440 --resend-missing   # last 24 hours, and fill the gaps"
    })
final class ReconcileCommand extends SettingsCommand {
  @Mixin RangeOptions range = new RangeOptions();

  @Option(
      names = "--resend-missing",
      description = "Deliver the missing and stale calls (waits for a run in progress).")
  boolean resendMissing;

  @Mixin SendOptions send = new SendOptions();

  @Mixin SourceOption source = new SourceOption();

  ReconcileCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    super(env, out, err);
  }

  @Override
  public Integer call() {
    CallDateRange r = range.range();
    Settings settings = settings(resendMissing);
    ReconcileJob job = new ReconcileJob(settings, out, err);
    return (resendMissing ? job.resendMissing(r) : job.report(r)).code();
  }
}
