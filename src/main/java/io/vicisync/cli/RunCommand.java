package io.vicisync.cli;

import io.vicisync.VicisyncException;
import io.vicisync.config.Settings;
import io.vicisync.config.SettingsLoader;
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
          + " final yet are held until it is; a call whose content changes after it was sent is"
          + " sent again, once per change; nothing unchanged is ever sent twice.",
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
      "  vicisync run --metrics-file /var/lib/node_exporter/textfile/vicisync.prom",
      "  vicisync run --max-rate 0.1 --max-run-time 55   # a receiver that allows 100 posts per"
          + " 15 minutes"
    })
final class RunCommand extends SettingsCommand {
  @Option(names = "--dry-run",
      description = "Print what would be sent, one line per call; post nothing, change no state.")
  boolean dryRun;

  @Option(names = "--settle", paramLabel = "SECONDS",
      description = "Read a call once its end_epoch is this old. Default: 30.")
  String settle;

  @Option(names = "--hold-status", paramLabel = "LIST",
      description = "Statuses that are not a disposition yet. Default: QUEUE,INCALL.")
  String holdStatus;

  @Option(names = "--hold-max", paramLabel = "SECONDS",
      description = "Send a held call as it is this long after it ended. Default: 1800.")
  String holdMax;

  @Option(names = "--overlap", paramLabel = "SECONDS",
      description = "Look this far behind the cursor again, for rows that appear late."
          + " Default: 600.")
  String overlap;

  @Mixin SendOptions send = new SendOptions();

  @Option(names = "--max-run-time", paramLabel = "SECONDS",
      description = "Stop reading new batches after this long; the next run continues."
          + " Default: 600.")
  String maxRunTime;

  @Option(names = "--initial-lookback", paramLabel = "MINUTES",
      description = "With no checkpoint yet, start this far back. Default: 60.")
  String initialLookback;

  @Mixin SourceOption source = new SourceOption();

  @Option(names = "--legacy-checkpoint", paramLabel = "PATH",
      description = "With no checkpoint yet, start where process-call-results.pl stopped, as its"
          + " checkpoint file says (less --overlap). Default: [sync] legacy_checkpoint, else"
          + " " + SettingsLoader.LEGACY_CHECKPOINT + " when it exists.")
  Path legacyCheckpoint;

  @Option(names = "--metrics-file", paramLabel = "PATH",
      description = "After the run, write Prometheus metrics here (atomically), e.g. for"
          + " node_exporter's textfile collector: /var/lib/node_exporter/textfile/vicisync.prom."
          + " Default: [sync] metrics_file, else none.")
  Path metricsFile;

  RunCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    super(env, out, err);
  }

  @Override
  public Integer call() {
    if (legacyCheckpoint != null && !Files.exists(legacyCheckpoint)) {
      throw VicisyncException.config("--legacy-checkpoint " + legacyCheckpoint + ": no such"
          + " file; give the path process-call-results.pl wrote its last-check time to");
    }
    Settings settings = settings(!dryRun, flags -> {
      CommonOptions.put(flags, "sync.settle", settle, "--settle");
      CommonOptions.put(flags, "sync.hold_status", holdStatus, "--hold-status");
      CommonOptions.put(flags, "sync.hold_max", holdMax, "--hold-max");
      CommonOptions.put(flags, "sync.overlap", overlap, "--overlap");
      send.addTo(flags);
      CommonOptions.put(flags, "sync.max_run_time", maxRunTime, "--max-run-time");
      CommonOptions.put(flags, "sync.initial_lookback", initialLookback, "--initial-lookback");
      source.addTo(flags);
      CommonOptions.put(flags, "sync.legacy_checkpoint",
          legacyCheckpoint == null ? null : legacyCheckpoint.toString(), "--legacy-checkpoint");
      CommonOptions.put(flags, "sync.metrics_file",
          metricsFile == null ? null : metricsFile.toString(), "--metrics-file");
    });
    RunJob job = new RunJob(settings, out, err);
    return (dryRun ? job.dryRun() : job.run()).code();
  }
}
