package io.vicisync.cli;

import io.vicisync.ExitCode;
import io.vicisync.Version;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "vicisync",
    mixinStandardHelpOptions = true,
    versionProvider = VicisyncCommand.VersionProvider.class,
    description = {
      "Delivers every finished VICIdial call (vicidial_log) to the DID Optimizer API once, with"
          + " its final disposition.",
      ""
    },
    footer = {
      "",
      "Cron runs 'vicisync run' every minute. Exit codes: 0 ok, 1 reconcile found gaps or doctor"
          + " a failed check, 64 usage, 65 some calls dead-lettered, 75 temporary failure"
          + " (nothing lost), 77 permission, 78 configuration; 'check' uses Nagios's 0-3.",
      "",
      "Examples:",
      "  vicisync doctor                      # is everything in place?",
      "  vicisync status",
      "  vicisync check --warn-lag 300 --crit-lag 900   # for Nagios / Icinga (NRPE)",
      "  vicisync run --dry-run",
      "  vicisync reconcile --since \"2026-11-20 00:00\" --until \"2026-11-21 00:00\"",
      "  vicisync backfill --minutes 120",
      "  vicisync dead-letters list"
    })
final class VicisyncCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE.code();
  }

  static final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"vicisync " + Version.get()};
    }
  }
}
