package io.vicisync.cli;

import io.vicisync.VicisyncException;
import io.vicisync.config.Settings;
import io.vicisync.jobs.RunJob;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Sends the calls that finished since the last run, then exits. Calls whose status is not"
          + " final yet are held until it is. A call is posted once: the DID Optimizer counts every"
          + " post as a call, so one that changes after it was delivered is reported, not sent"
          + " again (unless [sync] resend = changes).",
      "",
      "Settings without a flag here come from [sync] in dids.conf, else the default shown.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  vicisync run                         # what cron runs every minute",
      "  vicisync run --dry-run               # show what would be sent; posts and saves nothing",
      "  vicisync run --source both           # inbound calls (vicidial_closer_log) as well",
      "  vicisync run --metrics-file /var/lib/node_exporter/textfile   # writes vicisync.prom there",
      "  vicisync run --max-rate 0.1 --max-run-time 55   # a receiver that allows 100 posts per"
          + " 15 minutes"
    })
final class RunCommand extends SettingsCommand {
  @Option(
      names = "--dry-run",
      description = "Print what would be sent, one line per call; post nothing, change no state.")
  boolean dryRun;

  @Mixin EngineOptions engine = new EngineOptions();

  @Option(
      names = "--legacy-checkpoint",
      paramLabel = "PATH",
      descriptionKey = "sync.legacy_checkpoint")
  Path legacyCheckpoint;

  RunCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    super(env, out, err);
  }

  @Override
  public Integer call() {
    if (legacyCheckpoint != null && !Files.exists(legacyCheckpoint)) {
      throw VicisyncException.config(
          "--legacy-checkpoint "
              + legacyCheckpoint
              + ": no such"
              + " file; give the path process-call-results.pl wrote its last-check time to");
    }
    boolean terminal = BackfillCommand.stderrIsTerminal();
    Settings settings;
    try {
      settings = settings(!dryRun);
    } catch (VicisyncException e) {
      if (!e.notConfiguredYet() || terminal) {
        throw e;
      }
      // a package installed before its API key is set: its log says so, cron mails nobody
      return RunJob.notConfigured(settings(false), e.getMessage(), err).code();
    }
    RunJob job = new RunJob(settings, out, err);
    return (dryRun ? job.dryRun() : job.run(terminal)).code();
  }
}
