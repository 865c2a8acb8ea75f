package io.vicisync.cli;

import io.vicisync.ExitCode;
import io.vicisync.VicisyncException;
import io.vicisync.config.Settings;
import io.vicisync.jobs.DeadLetterJob;
import io.vicisync.source.CallSource;
import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "dead-letters",
    mixinStandardHelpOptions = true,
    description = {
      "The calls the receiver refused for good (HTTP 400, 413, 422), each kept with the exact"
          + " payload, the status and the receiver's answer in dead-letters.jsonl.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  vicisync dead-letters list",
      "  vicisync dead-letters replay                          # after fixing the cause",
      "  vicisync dead-letters replay --uniqueid 1729771234.567",
      "  vicisync dead-letters purge --older-than 30"
    })
final class DeadLettersCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE.code();
  }

  /** What every dead-letters subcommand needs to reach the state, the database and receiver. */
  abstract static class Sub extends SettingsCommand {
    @Option(
        names = "--source",
        paramLabel = "outbound|inbound|both",
        description =
            "Only the dead letters of these calls: vicidial_log (outbound),"
                + " vicidial_closer_log (inbound), or both. Default: all.")
    String source;

    Sub(Map<String, String> env, PrintStream out, PrintStream err) {
      super(env, out, err);
    }

    DeadLetterJob job(boolean posts) {
      Settings s = settings(posts);
      List<CallSource> sources =
          source == null ? List.of(CallSource.values()) : CallSource.of(s.sync().sources());
      return new DeadLetterJob(s, sources, out, err);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the dead letters: uniqueid, when refused, HTTP status, answer.",
      footer = {"", "Example:", "  vicisync dead-letters list"})
  static final class ListCommand extends Sub {
    ListCommand(Map<String, String> env, PrintStream out, PrintStream err) {
      super(env, out, err);
    }

    @Override
    public Integer call() {
      return job(false).list().code();
    }
  }

  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description = {
        "Posts the dead letters again, each as VICIdial has the call now (or the"
            + " kept payload when the row is gone). Delivered ones leave the file; refused ones"
            + " stay with the new answer. Waits for a run in progress.",
        ""
      },
      footer = {
        "",
        "Examples:",
        "  vicisync dead-letters replay",
        "  vicisync dead-letters replay --uniqueid 1729771234.567 --uniqueid 1729771301.12"
      })
  static final class ReplayCommand extends Sub {
    @Option(
        names = "--uniqueid",
        paramLabel = "ID",
        description = "Only these calls (repeat the option). Default: all.")
    List<String> uniqueids = List.of();

    ReplayCommand(Map<String, String> env, PrintStream out, PrintStream err) {
      super(env, out, err);
    }

    @Override
    public Integer call() {
      return job(true).replay(new LinkedHashSet<>(uniqueids)).code();
    }
  }

  @Command(
      name = "purge",
      mixinStandardHelpOptions = true,
      description = "Deletes dead letters refused more than DAYS days ago.",
      footer = {"", "Example:", "  vicisync dead-letters purge --older-than 30"})
  static final class PurgeCommand extends Sub {
    @Option(
        names = "--older-than",
        paramLabel = "DAYS",
        required = true,
        description = "Age in days of the dead letters to delete.")
    int days;

    PurgeCommand(Map<String, String> env, PrintStream out, PrintStream err) {
      super(env, out, err);
    }

    @Override
    public Integer call() {
      if (days < 0) {
        throw new VicisyncException(
            ExitCode.USAGE, "--older-than " + days + ": give a number of days, 0 or more");
      }
      return job(false).purge(days).code();
    }
  }
}
