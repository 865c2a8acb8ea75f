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
    // the exit codes come first, from ExitCode (Main): one list, never out of date
    footer = {
      "",
      "Examples:",
      "  vicisync doctor                      # is everything in place?",
      "  vicisync status",
      "  vicisync status --instance dialer2   # one of several dialers: /etc/vicisync/dialer2/",
      "  vicisync check --warn-lag 300 --crit-lag 900   # for Nagios / Icinga (NRPE)",
      "  vicisync run --dry-run",
      "  vicisync reconcile --since \"2026-11-20 00:00\" --until \"2026-11-21 00:00\"",
      "  vicisync backfill --minutes 120",
      "  vicisync dead-letters list"
    })
final class VicisyncCommand implements Callable<Integer> {
  /** The footer's first lines: cron, and every exit code with its meaning. */
  static String[] exitCodes() {
    StringBuilder b = new StringBuilder("Cron runs 'vicisync run' every minute. Exit codes:");
    for (ExitCode e : ExitCode.values()) {
      b.append(' ').append(e.code()).append(' ').append(e.meaning()).append(';');
    }
    b.append(" 'check' uses Nagios's 0-3.");
    return new String[] {"", b.toString()};
  }

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE.code();
  }

  static final class VersionProvider implements IVersionProvider {
    static String line() {
      return "vicisync " + Version.get();
    }

    @Override
    public String[] getVersion() {
      return new String[] {line()};
    }
  }
}
