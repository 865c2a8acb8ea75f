package io.vicisync.cli;

import io.vicisync.jobs.FollowJob;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "follow",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Stays running and delivers each call seconds after it ends: the same work as run, every"
          + " --interval seconds, with the same lock, state and guarantees. Meant to be run by"
          + " systemd (vicisync.service); while it runs, cron's 'vicisync run' exits at once and"
          + " quietly.",
      "",
      "A database or receiver that fails is retried, waiting longer each time up to"
          + " --max-backoff; a refused API key every 5 minutes. SIGTERM or SIGINT: the posts in"
          + " flight finish, the checkpoint is saved, exit 0. SIGHUP: the configuration files"
          + " are read again (an invalid one is logged and the old settings kept).",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  systemctl enable --now vicisync     # what the packages install, not enabled",
      "  vicisync follow --interval 10 --source both"
    })
final class FollowCommand extends SettingsCommand {
  @Option(names = "--interval", paramLabel = "SECONDS", descriptionKey = "sync.interval")
  String interval;

  @Option(names = "--max-backoff", paramLabel = "SECONDS", descriptionKey = "sync.max_backoff")
  String maxBackoff;

  @Option(names = "--settle", paramLabel = "SECONDS", descriptionKey = "sync.settle")
  String settle;

  @Option(names = "--hold-status", paramLabel = "LIST", descriptionKey = "sync.hold_status")
  String holdStatus;

  @Option(names = "--hold-max", paramLabel = "SECONDS", descriptionKey = "sync.hold_max")
  String holdMax;

  @Option(names = "--overlap", paramLabel = "SECONDS", descriptionKey = "sync.overlap")
  String overlap;

  @Mixin SendOptions send = new SendOptions();

  @Option(names = "--max-run-time", paramLabel = "SECONDS", descriptionKey = "sync.max_run_time")
  String maxRunTime;

  @Option(
      names = "--initial-lookback",
      paramLabel = "MINUTES",
      descriptionKey = "sync.initial_lookback")
  String initialLookback;

  @Mixin SourceOption source = new SourceOption();

  @Option(names = "--metrics-file", paramLabel = "PATH", descriptionKey = "sync.metrics_file")
  Path metricsFile;

  FollowCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    super(env, out, err);
  }

  @Override
  public Integer call() {
    return new FollowJob(settings(true, true), () -> settings(true, true), out, err)
        .follow()
        .code();
  }
}
