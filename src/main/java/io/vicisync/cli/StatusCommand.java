package io.vicisync.cli;

import io.vicisync.ExitCode;
import io.vicisync.Text;
import io.vicisync.ops.Snapshot;
import io.vicisync.ops.StatusReport;
import java.io.PrintStream;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Shows how the sync stands: the last run (when, how long, exit code, counts), the last"
          + " success, the cursor, the lag, the backlog (finished calls not sent yet, counted by"
          + " a short index query), held calls, dead letters and the last error. Reads; takes"
          + " no lock and changes nothing.",
      "",
      "Lag is how long the oldest finished call not delivered yet has waited (never more than"
          + " now minus the newest delivered call's end): 0 when nothing waits, so a quiet"
          + " dialer at night is not 'behind'.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  vicisync status",
      "  vicisync status --json | jq '.sources.outbound.lagSeconds'"
    })
final class StatusCommand extends SettingsCommand {
  @Option(
      names = "--json",
      description = "JSON for scripts; its field names are kept stable across versions.")
  boolean json;

  @Mixin SourceOption source = new SourceOption();

  StatusCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    super(env, out, err);
  }

  @Override
  public Integer call() {
    Snapshot snap = Snapshot.take(settings(false));
    // JSON escapes control characters itself; the table is made safe for a terminal
    out.print(
        json
            ? StatusReport.json(snap) + "\n"
            : StatusReport.text(snap)
                .lines()
                .map(Text::safe)
                .collect(Collectors.joining("\n", "", "\n")));
    return ExitCode.OK.code();
  }
}
