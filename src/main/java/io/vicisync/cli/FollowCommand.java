package io.vicisync.cli;

import io.vicisync.jobs.FollowJob;
import java.io.PrintStream;
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
      "  vicisync follow --interval 10 --source both",
      "  systemctl enable --now vicisync     # what the packages install, not enabled",
      "  systemctl enable --now vicisync@dialer2   # follow --instance dialer2"
    })
final class FollowCommand extends SettingsCommand {
  @Option(names = "--interval", paramLabel = "SECONDS", descriptionKey = "sync.interval")
  String interval;

  @Option(names = "--max-backoff", paramLabel = "SECONDS", descriptionKey = "sync.max_backoff")
  String maxBackoff;

  @Mixin EngineOptions engine = new EngineOptions();

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
