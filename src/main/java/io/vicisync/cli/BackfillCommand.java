package io.vicisync.cli;

import io.vicisync.config.Settings;
import io.vicisync.jobs.BackfillJob;
import io.vicisync.jobs.CallDateRange;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Sends the finished calls of a past range (by call_date, the VICIdial server's local time)"
          + " that the receiver does not already have as they are now, from vicidial_log and"
          + " vicidial_log_archive. Does not move the run's cursor; waits for a run in progress.",
      "",
      "Interrupted (Ctrl-C, a crash, exit 75)? Run the same command again: it resumes where it"
          + " stopped, and nothing delivered is sent twice.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  vicisync backfill --minutes 120 --dry-run      # what the last 2 hours lack",
      "  vicisync backfill --since \"2026-11-20 00:00\" --until \"2026-11-21 00:00\"",
      "  vicisync backfill --since \"2026-08-01 00:00\" --max-rate 50   # months, gently"
    })
final class BackfillCommand extends SettingsCommand {
  @Mixin RangeOptions range = new RangeOptions();

  @Option(
      names = "--resend",
      description =
          "Send calls the receiver already has unchanged as well (it counts them" + " again).")
  boolean resend;

  @Option(
      names = "--dry-run",
      description = "Print what would be sent, one line per call; post nothing, change no state.")
  boolean dryRun;

  @Mixin SendOptions send = new SendOptions();

  @Mixin SourceOption source = new SourceOption();

  BackfillCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    super(env, out, err);
  }

  @Override
  public Integer call() {
    CallDateRange range = this.range.range();
    Settings settings = settings(!dryRun);
    BackfillJob job = new BackfillJob(settings, out, err, stderrIsTerminal());
    return (dryRun ? job.dryRun(range, resend) : job.run(range, resend)).code();
  }

  /**
   * Whether a person watches stderr (the progress line is for them, not for cron's mail). Asked of
   * the file descriptor itself: System.console() means something else from JDK 22 on.
   */
  static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
