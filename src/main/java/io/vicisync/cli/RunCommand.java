package io.vicisync.cli;

import io.vicisync.config.ConfigValue;
import io.vicisync.config.Settings;
import io.vicisync.config.SettingsLoader;
import io.vicisync.engine.RunJob;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
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
      "  vicisync run --max-rate 0.1 --max-run-time 55   # a receiver that allows 100 posts per"
          + " 15 minutes"
    })
final class RunCommand implements Callable<Integer> {
  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;

  @Mixin CommonOptions common = new CommonOptions();

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

  @Option(names = "--batch-size", paramLabel = "N",
      description = "Rows per query. Default: 500.")
  String batchSize;

  @Option(names = "--max-in-flight", paramLabel = "N",
      description = "Posts under way at once. Default: 16.")
  String maxInFlight;

  @Option(names = "--max-rate", paramLabel = "PER_SECOND",
      description = "Posts per second at most; 0 for no limit. Default: 0.")
  String maxRate;

  @Option(names = "--max-run-time", paramLabel = "SECONDS",
      description = "Stop reading new batches after this long; the next run continues."
          + " Default: 600.")
  String maxRunTime;

  @Option(names = "--initial-lookback", paramLabel = "MINUTES",
      description = "With no checkpoint yet, start this far back. Default: 60.")
  String initialLookback;

  RunCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    Map<String, ConfigValue> flags = new LinkedHashMap<>();
    common.addTo(flags);
    CommonOptions.put(flags, "sync.settle", settle, "--settle");
    CommonOptions.put(flags, "sync.hold_status", holdStatus, "--hold-status");
    CommonOptions.put(flags, "sync.hold_max", holdMax, "--hold-max");
    CommonOptions.put(flags, "sync.overlap", overlap, "--overlap");
    CommonOptions.put(flags, "sync.batch_size", batchSize, "--batch-size");
    CommonOptions.put(flags, "sync.max_in_flight", maxInFlight, "--max-in-flight");
    CommonOptions.put(flags, "sync.max_rate", maxRate, "--max-rate");
    CommonOptions.put(flags, "sync.max_run_time", maxRunTime, "--max-run-time");
    CommonOptions.put(flags, "sync.initial_lookback", initialLookback, "--initial-lookback");
    Settings settings = SettingsLoader.load(new SettingsLoader.Sources(
        flags, env, common.astguiclientConf, common.didsConf, !dryRun));
    RunJob job = new RunJob(settings, out, err);
    return (dryRun ? job.dryRun() : job.run()).code();
  }
}
